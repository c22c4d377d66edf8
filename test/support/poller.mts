/**
 * Runs the Plum Polling Trigger's poll() the way a running n8n does (n8n 2.40: n8n-core's
 * ActiveWorkflowTriggers.activatePollTrigger and PollTriggerExecutor, the CLI's
 * TriggerExecutionContextFactory.getExecutePollFunctions and ActiveWorkflowManager.add):
 * - activating runs one poll at once (`testingTrigger`, errors fail the activation); then the
 *   workflow's static data is saved;
 * - each scheduled poll runs through n8n-core's PollTriggerExecutor and TriggersAndPollers with a
 *   real PollContext; a result other than null is emitted, and emitting saves the static data
 *   (a poll that returns null changes it in memory only, as in n8n);
 * - a restart builds the workflow again from the saved static data and activates it (`init`);
 * - a manual test runs the node through WorkflowExecute in manual mode (executePollNode).
 * The Workflow object lives between polls, as it does while a workflow is active in n8n.
 */
import { PollContext, PollTriggerExecutor, TriggersAndPollers } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, IRun } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { createAdditionalData, executeWorkflow, nodeTypes, type StoreCredentialsHelper } from './engine.mts';
import { plumPollingTriggerNode } from './nodes.mts';

type Activation = 'activate' | 'init' | 'update';

export interface Poller {
	readonly node: INode;
	/** Every emitted poll result, in order: the items of one execution each. */
	readonly executions: IDataObject[][];
	/** Activates the workflow (runs its first poll); returns what that poll emitted, if anything. */
	activate(activation?: Activation): Promise<IDataObject[] | null>;
	/** One scheduled poll; returns the emitted items, or null. Throws what the poll reported as an error. */
	poll(): Promise<IDataObject[] | null>;
	/** n8n stops and starts again: the workflow is rebuilt from the saved static data and activated. */
	restart(): Promise<IDataObject[] | null>;
	/** The node's static data as n8n's database holds it. */
	savedStaticData(): IDataObject | undefined;
	/** The node's static data in the live workflow (changed by every poll, saved or not). */
	liveStaticData(): IDataObject;
}

let pollerCount = 0;

/** n8n's logger, tracing and error reporter do nothing here: they only observe. */
const logger = { scoped: () => logger, debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const tracing = {
	startSpan: async (_options: unknown, run: (span: { setStatus: () => void }) => Promise<unknown>) => await run({ setStatus: () => {} }),
	startNewTraceSpan: async (_options: unknown, run: (span: { setStatus: () => void }) => Promise<unknown>) => await run({ setStatus: () => {} }),
	pickWorkflowAttributes: () => ({}),
	pickNodeAttributes: () => ({}),
};
const errorReporter = { error: () => {} };
const executor = new PollTriggerExecutor(logger as never, new TriggersAndPollers(), tracing as never, errorReporter as never);

export function createPoller(helper: StoreCredentialsHelper, parameters: IDataObject): Poller {
	const node = plumPollingTriggerNode({ parameters });
	const workflowId = `poll-test-${++pollerCount}`;
	const executions: IDataObject[][] = [];
	let saved: IDataObject | undefined;
	let workflow = build();
	let pollError: Error | undefined;

	function build(): Workflow {
		return new Workflow({
			id: workflowId,
			nodes: [node],
			connections: {},
			nodeTypes,
			active: true,
			settings: {},
			staticData: saved === undefined ? undefined : (JSON.parse(JSON.stringify(saved)) as IDataObject),
		});
	}

	// WorkflowStaticDataService.saveStaticData: writes only when something changed, then clears the flag.
	function save() {
		if (workflow.staticData.__dataChanged !== true) return;
		workflow.staticData.__dataChanged = false;
		saved = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
	}

	function pollFunctions(activation: Activation): PollContext {
		const emit = (data: INodeExecutionData[][]) => {
			save();
			executions.push(data[0].map((item) => item.json));
		};
		const emitError = (error: Error) => {
			pollError = error;
		};
		return new PollContext(workflow, node, createAdditionalData(helper), 'trigger', activation, emit, emitError);
	}

	async function run(activation: Activation, testingTrigger: boolean): Promise<IDataObject[] | null> {
		const before = executions.length;
		pollError = undefined;
		const execute = executor.create(workflow, node, pollFunctions(activation), () => true);
		await execute(testingTrigger);
		if (pollError) throw pollError;
		return executions.length > before ? executions[executions.length - 1] : null;
	}

	return {
		node,
		executions,
		async activate(activation = 'activate') {
			const emitted = await run(activation, true);
			save();
			return emitted;
		},
		async poll() {
			return await run('activate', false);
		},
		async restart() {
			workflow = build();
			return await this.activate('init');
		},
		savedStaticData: () => (saved === undefined ? undefined : saved[`node:${node.name}`] as IDataObject | undefined),
		liveStaticData: () => (workflow.staticData[`node:${node.name}`] ?? {}) as IDataObject,
	};
}

export interface ManualRun {
	run: IRun;
	items: IDataObject[];
	error?: Error & { description?: string };
	staticData: IDataObject;
}

/** The editor's "Fetch Test Event": the node alone, in manual mode, through WorkflowExecute. */
export async function runManualPoll(helper: StoreCredentialsHelper, parameters: IDataObject, staticData?: IDataObject): Promise<ManualRun> {
	const node = plumPollingTriggerNode({ parameters });
	const workflow = new Workflow({ id: `poll-manual-${++pollerCount}`, nodes: [node], connections: {}, nodeTypes, active: false, settings: {}, staticData });
	const run = await executeWorkflow(helper, workflow, node.name);
	const nodeRun = run.data.resultData.runData[node.name]?.[0];
	return {
		run,
		items: (nodeRun?.data?.main?.[0] ?? []).map((item) => item.json),
		error: (nodeRun?.error ?? run.data.resultData.error) as ManualRun['error'],
		staticData: workflow.staticData,
	};
}
