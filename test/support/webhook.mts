/**
 * Serves the Plum Trigger's webhook() over real HTTP the way n8n does: an express app (n8n's web
 * layer) parses the JSON body, n8n-core's WebhookContext wraps request and response, and the
 * answer follows n8n's webhook helpers (noWebhookResponse: the node answered; webhookResponse: sent
 * as the body; workflowData: an execution starts and the caller gets 200). The Workflow object is
 * kept between requests, so static data persists as it does between executions in n8n.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import express from 'express';
import { WebhookContext } from 'n8n-core';
import type { IDataObject, INodeExecutionData, IWebhookData, IWebhookResponseData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { createAdditionalData, nodeTypes, StoreCredentialsHelper } from './engine.mts';
import { PLUM_TRIGGER_NODE_TYPE, plumTriggerNode } from './nodes.mts';

export const TRIGGER_NODE_TYPE = PLUM_TRIGGER_NODE_TYPE;

export interface TriggerServer {
	url: string;
	/** The items each started execution received */
	executions: INodeExecutionData[][];
	staticData(): IDataObject;
	/** Resolves once every request so far has been handled to the end (a node may answer before it is done). */
	settled(): Promise<void>;
	close(): Promise<void>;
}

let serverCount = 0;

export async function startTriggerServer(
	helper: StoreCredentialsHelper,
	parameters: IDataObject,
	options: { trustProxy?: number | boolean; mode?: 'trigger' | 'manual' } = {},
): Promise<TriggerServer> {
	const node = plumTriggerNode({ webhookId: 'plum-trigger-test', parameters });
	// A workflow id of its own per server: each test is another workflow, as in n8n.
	const workflowId = `trigger-test-${++serverCount}`;
	const nodeType = nodeTypes.getByNameAndVersion(TRIGGER_NODE_TYPE, 1);
	const executions: INodeExecutionData[][] = [];
	/** The workflow's static data as n8n's database holds it between requests. */
	let storedStaticData: IDataObject | null = null;

	const app = express();
	if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
	app.use(express.json());
	const inFlight = new Set<Promise<void>>();
	app.post('/webhook', (req, res) => {
		const handled = handle(req, res);
		inFlight.add(handled);
		void handled.finally(() => inFlight.delete(handled));
	});
	async function handle(req: express.Request, res: express.Response): Promise<void> {
		// As n8n 2.40's LiveWebhooks: every request loads the workflow, and its static data, afresh.
		const workflow = new Workflow({
			id: workflowId,
			nodes: [node],
			connections: {},
			nodeTypes,
			active: true,
			settings: {},
			staticData: storedStaticData === null ? undefined : (JSON.parse(JSON.stringify(storedStaticData)) as IDataObject),
		});
		const save = () => {
			if (workflow.staticData.__dataChanged === true) storedStaticData = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
		};
		const additionalData = createAdditionalData(helper, { httpRequest: req, httpResponse: res } as never);
		const webhookData = { httpMethod: 'POST', node: node.name, path: 'webhook', webhookDescription: {}, workflowId } as unknown as IWebhookData;
		const context = new WebhookContext(workflow, node, additionalData, options.mode ?? 'trigger', webhookData, [], null);
		let result: IWebhookResponseData;
		try {
			result = await nodeType.webhook!.call(context);
		} catch (error) {
			res.status(500).json({ message: (error as Error).message });
			return;
		}
		// n8n 2.40 (webhook-helpers.js) saves static data in the response callback. A node that answered
		// itself gets it before the execution starts; otherwise the execution starts first, and building
		// its context (establishContextForPersistence) resets the change flag of static data that came
		// from the database, so the change is lost. Only a first change, from empty data, survives.
		if (result.noWebhookResponse || storedStaticData === null) save();
		if (result.workflowData) executions.push(result.workflowData[0]);
		if (result.noWebhookResponse) return;
		if (result.workflowData) {
			res.status(200).json({ message: 'Workflow was started' });
			return;
		}
		res.status(200).json(result.webhookResponse ?? { message: 'Webhook call received' });
	}

	const server: Server = await new Promise((resolve) => {
		const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/webhook`,
		executions,
		staticData: () => (storedStaticData ?? {}) as IDataObject,
		settled: async () => {
			await Promise.all([...inFlight]);
		},
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
