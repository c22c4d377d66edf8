/**
 * Runs workflows through n8n-core's real WorkflowExecute, the way n8n runs them, with a
 * credentials helper that behaves like n8n's own (packages/cli/src/credentials-helper.ts): it calls
 * the credential's real preAuthentication/authenticate and persists what preAuthentication returns
 * into a store the test can read. HTTP goes wherever the credential points (the sandbox).
 */
import { ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';

import { PlumOAuth2Api } from '../../credentials/PlumOAuth2Api.credentials.ts';
import { PlumWebhookApi } from '../../credentials/PlumWebhookApi.credentials.ts';
import { forgetCatalogue } from '../../nodes/Plum/api/catalogueCache.ts';
import { Plum } from '../../nodes/Plum/Plum.node.ts';
import { forgetPacing } from '../../nodes/Plum/transport/pacer.ts';
import { PlumPollingTrigger } from '../../nodes/PlumPollingTrigger/PlumPollingTrigger.node.ts';
import { PlumTrigger } from '../../nodes/PlumTrigger/PlumTrigger.node.ts';
import { installDeduplicator } from './deduplication.mts';
import { plumNode, PLUM_NODE_TYPE, PLUM_POLLING_TRIGGER_NODE_TYPE, PLUM_TRIGGER_NODE_TYPE, testNode } from './nodes.mts';

export { PLUM_NODE_TYPE };
const ITEMS_NODE_TYPE = 'test.items';

/** A start node that emits the items given in its `items` parameter (like a Manual Trigger + Code node). */
class ItemsSource implements INodeType {
	description = {
		displayName: 'Items',
		name: 'items',
		group: ['input'],
		version: 1,
		description: 'Emits test items',
		defaults: { name: 'Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json' as const, default: '[{}]' }],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | IDataObject[];
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		return [items.map((json) => ({ json }))];
	}
}

const nodeTypeMap: Record<string, INodeType> = {
	[PLUM_NODE_TYPE]: new Plum(),
	[PLUM_TRIGGER_NODE_TYPE]: new PlumTrigger(),
	[PLUM_POLLING_TRIGGER_NODE_TYPE]: new PlumPollingTrigger(),
	[ITEMS_NODE_TYPE]: new ItemsSource(),
};

export const nodeTypes: INodeTypes = {
	getByName: (type) => nodeTypeMap[type],
	getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(nodeTypeMap[type], version),
	getKnownTypes: () => ({}),
};

const credentialTypes: Record<string, ICredentialType> = {
	plumOAuth2Api: new PlumOAuth2Api(),
	plumWebhookApi: new PlumWebhookApi(),
};

/**
 * Adds a node type and its credential types to the harness (e.g. n8n's own HTTP Request node from
 * the installed n8n, for a benchmark against what a user would build without this package).
 */
export function registerNodeType(type: string, nodeType: INodeType, credentials: ICredentialType[] = []): void {
	nodeTypeMap[type] = nodeType;
	for (const credential of credentials) credentialTypes[credential.name] = credential;
}

/** What n8n keeps in its database: credential data by type, plus a log of every update. */
export class CredentialStore {
	private readonly data = new Map<string, ICredentialDataDecryptedObject>();

	readonly updates: Array<{ type: string; data: ICredentialDataDecryptedObject }> = [];

	set(type: string, data: ICredentialDataDecryptedObject) {
		this.data.set(type, structuredClone(data));
	}

	get(type: string): ICredentialDataDecryptedObject {
		return structuredClone(this.data.get(type) ?? {});
	}

	update(type: string, data: ICredentialDataDecryptedObject) {
		this.set(type, data);
		this.updates.push({ type, data: structuredClone(data) });
	}
}

/**
 * n8n's generic authentication (e.g. Header Auth: `{ headers: { '={{$credentials.name}}': '={{$credentials.value}}' } }`),
 * for the plain `$credentials.<field>` expressions such credentials use.
 */
function applyGenericAuthentication(properties: IDataObject, credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): IHttpRequestOptions {
	const resolve = (text: string) => text.replace(/^=\{\{\s*\$credentials\.(\w+)\s*\}\}$/, (_, field: string) => String(credentials[field] ?? ''));
	const options = requestOptions as unknown as Record<string, IDataObject | undefined>;
	for (const [target, entries] of Object.entries(properties)) {
		const resolved = Object.fromEntries(Object.entries(entries as IDataObject).map(([key, value]) => [resolve(key), resolve(String(value))]));
		options[target] = { ...(options[target] ?? {}), ...resolved };
	}
	return requestOptions;
}

/** Mirrors the decisions of n8n's CredentialsHelper (n8n 2.40, packages/cli/src/credentials-helper.ts). */
export class StoreCredentialsHelper extends ICredentialsHelper {
	preAuthenticationCalls = 0;

	/** Runs before each refresh: lets a test play another n8n process that rotates the token first. */
	beforeRefresh?: () => Promise<void>;

	/** Fields n8n does not overwrite after a refresh: in n8n 2.40 those stored as an expression (an external secret). */
	readonly unwritableFields = new Set<string>();

	constructor(readonly store: CredentialStore) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(type: string) {
		return credentialTypes[type].properties;
	}

	async authenticate(credentials: ICredentialDataDecryptedObject, typeName: string, requestOptions: IHttpRequestOptions) {
		const type = credentialTypes[typeName];
		if (typeof type.authenticate === 'function') return await type.authenticate(credentials, requestOptions);
		if (type.authenticate?.type === 'generic') return applyGenericAuthentication(type.authenticate.properties as IDataObject, credentials, requestOptions);
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	) {
		const type = credentialTypes[typeName];
		const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		const testing = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !testing) return undefined;
		this.preAuthenticationCalls++;
		await this.beforeRefresh?.();
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		if (node.credentials) {
			const written = Object.fromEntries(Object.entries(output).filter(([key]) => key === expirable.name || !this.unwritableFields.has(key)));
			this.store.update(typeName, { ...this.store.get(typeName), ...(written as ICredentialDataDecryptedObject) });
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async runPreAuthentication(helpers: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject, typeName: string) {
		const type = credentialTypes[typeName];
		return typeof type.preAuthentication === 'function'
			? ((await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject)
			: undefined;
	}

	async getCredentials(_details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const data = this.store.get(type);
		return { getData: () => data } as unknown as ICredentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_details: INodeCredentialsDetails,
		type: string,
		_mode: WorkflowExecuteMode,
	) {
		return this.store.get(type);
	}

	async updateCredentials(_details: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject) {
		this.store.update(type, data);
	}

	async updateCredentialsOauthTokenData() {}
}

/**
 * Forgets what the n8n process keeps per Plum account (the catalogue, the pacer's counts): a reset
 * sandbox is a new account behind the same base URL and client ID.
 */
export function forgetProcessState(): void {
	forgetCatalogue();
	forgetPacing();
}

let executionCount = 0;

/** The parts of n8n's per-execution context that the Plum nodes and the engine read. */
export function createAdditionalData(helper: StoreCredentialsHelper, extra: Partial<IWorkflowExecuteAdditionalData> = {}): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: helper,
		// Every run is its own execution, as in n8n.
		executionId: String(++executionCount),
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		variables: {},
		logAiEvent: () => {},
		getRunExecutionData: async () => undefined,
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
		...extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface PlumNodeOptions {
	parameters: IDataObject;
	/** Node settings such as retryOnFail, maxTries, waitBetweenTries, continueOnFail */
	settings?: Partial<INode>;
	/** The node's typeVersion; defaults to 1. */
	typeVersion?: number;
	/** The workflow's ID (default 'engine-test'): n8n's deduplication store keeps its keys per workflow. */
	workflowId?: string;
}

export interface EngineRun {
	run: IRun;
	/** Output items of the Plum node (empty when it failed) */
	items: INodeExecutionData[];
	/** The error that stopped the Plum node, if any */
	error?: Error & { description?: string; context?: IDataObject };
}

/** Runs Items → Plum through WorkflowExecute and returns the Plum node's output. */
export async function runPlumNode(
	helper: StoreCredentialsHelper,
	options: PlumNodeOptions,
	inputItems: IDataObject[] = [{}],
): Promise<EngineRun> {
	const node = plumNode({ position: [200, 0], typeVersion: options.typeVersion, parameters: options.parameters, settings: options.settings });
	return await runNode(helper, node, inputItems, options.workflowId);
}

/** Runs Items → the given node through WorkflowExecute and returns that node's output. */
export async function runNode(helper: StoreCredentialsHelper, node: INode, inputItems: IDataObject[] = [{}], workflowId = 'engine-test'): Promise<EngineRun> {
	const nodes: INode[] = [testNode({ name: 'Items', type: ITEMS_NODE_TYPE, parameters: { items: JSON.stringify(inputItems) } }), node];
	const connections = { Items: { main: [[{ node: node.name, type: NodeConnectionTypes.Main, index: 0 }]] } };
	const workflow = new Workflow({ id: workflowId, nodes, connections, nodeTypes, active: false, settings: {} });
	// n8n's deduplication helpers need their store, as n8n installs it at start.
	await installDeduplicator();
	const run = await executeWorkflow(helper, workflow, 'Items');
	const nodeRun = run.data.resultData.runData[node.name]?.[0];
	return {
		run,
		items: nodeRun?.data?.main?.[0] ?? [],
		error: (nodeRun?.error ?? run.data.resultData.error) as EngineRun['error'],
	};
}

/** Runs a workflow in manual mode from `startNode` through WorkflowExecute, as the editor's test run does. */
export async function executeWorkflow(helper: StoreCredentialsHelper, workflow: Workflow, startNode: string): Promise<IRun> {
	const executionId = String(++executionCount);
	const nodes = Object.values(workflow.nodes);
	const hooks = new ExecutionLifecycleHooks('manual', executionId, { id: workflow.id, nodes, connections: workflow.connectionsBySourceNode } as never);
	let resolveFinished: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => resolveFinished(run));

	const additionalData = createAdditionalData(helper, { hooks, executionId });

	const runExecutionData = {
		version: 1,
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [{ node: workflow.getNode(startNode)!, data: { main: [[{ json: {} }]] }, source: null }],
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	} as unknown as IRunExecutionData;

	await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	return await finished;
}

/** n8n-core's real context for a Plum node's dropdowns and searches, with the node's current parameters. */
export function loadOptionsContext(helper: StoreCredentialsHelper, parameters: IDataObject): LoadOptionsContext {
	const node = plumNode({ parameters });
	const workflow = new Workflow({ id: 'load-options', nodes: [node], connections: {}, nodeTypes, active: false, settings: {} });
	const additionalData = createAdditionalData(helper, { currentNodeParameters: parameters as INode['parameters'] });
	return new LoadOptionsContext(workflow, node, additionalData, 'parameters');
}
