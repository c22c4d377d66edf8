/**
 * One builder for the nodes the test harnesses put into workflows: the in-process engine
 * (engine.mts), the webhook server (webhook.mts) and the workflows imported into a real n8n
 * (n8n.mts). Only types come from n8n-workflow, so the demo can import this without it.
 */
import type { INode, INodeCredentials, INodeParameters } from 'n8n-workflow';

export const PACKAGE_NAME = 'n8n-nodes-xoxoday-plum';
export const PLUM_NODE_TYPE = `${PACKAGE_NAME}.plum`;
export const PLUM_TRIGGER_NODE_TYPE = `${PACKAGE_NAME}.plumTrigger`;
export const PLUM_POLLING_TRIGGER_NODE_TYPE = `${PACKAGE_NAME}.plumPollingTrigger`;

/**
 * The credentials the in-process harnesses hand to nodes. Their CredentialStore keys data by
 * credential type, so the ids and names are only labels.
 */
export const HARNESS_CREDENTIALS = {
	plumOAuth2Api: { id: '1', name: 'Plum account' },
	plumWebhookApi: { id: '2', name: 'Plum webhook' },
} as const satisfies INodeCredentials;

export interface TestNodeSpec {
	name: string;
	type: string;
	/** Defaults to a fresh UUID-shaped id (n8n's own ids are UUIDs). */
	id?: string;
	typeVersion?: number;
	/** Defaults to [0, 0]. */
	position?: [number, number];
	parameters?: object;
	credentials?: INodeCredentials;
	webhookId?: string;
	/** Node settings such as retryOnFail, maxTries, waitBetweenTries, continueOnFail; applied last. */
	settings?: Partial<INode>;
}

let nodeCounter = 0;

/** A UUID-shaped node id, unique within the process. */
export function testNodeId(): string {
	return `00000000-0000-4000-8000-${String(++nodeCounter).padStart(12, '0')}`;
}

/** The INode every harness builds: id, name, type, typeVersion, position, parameters, credentials. */
export function testNode(spec: TestNodeSpec): INode {
	return {
		id: spec.id ?? testNodeId(),
		name: spec.name,
		type: spec.type,
		typeVersion: spec.typeVersion ?? 1,
		position: spec.position ?? [0, 0],
		...(spec.webhookId === undefined ? {} : { webhookId: spec.webhookId }),
		parameters: (spec.parameters ?? {}) as INodeParameters,
		...(spec.credentials === undefined ? {} : { credentials: spec.credentials }),
		...spec.settings,
	};
}

type NodeSpec = Omit<TestNodeSpec, 'type' | 'name'> & { name?: string };

/** A Plum node (named "Plum" unless told), with the harness's OAuth2 credential unless told. */
export function plumNode(spec: NodeSpec = {}): INode {
	return testNode({
		credentials: { plumOAuth2Api: HARNESS_CREDENTIALS.plumOAuth2Api },
		...spec,
		name: spec.name ?? 'Plum',
		type: PLUM_NODE_TYPE,
	});
}

/** A Plum Trigger node (named "Plum Trigger" unless told), with the harness's credentials unless told. */
export function plumTriggerNode(spec: NodeSpec = {}): INode {
	return testNode({
		credentials: { ...HARNESS_CREDENTIALS },
		...spec,
		name: spec.name ?? 'Plum Trigger',
		type: PLUM_TRIGGER_NODE_TYPE,
	});
}

/** A Plum Polling Trigger node (named "Plum Polling Trigger" unless told), with the harness's OAuth2 credential unless told. */
export function plumPollingTriggerNode(spec: NodeSpec = {}): INode {
	return testNode({
		credentials: { plumOAuth2Api: HARNESS_CREDENTIALS.plumOAuth2Api },
		...spec,
		name: spec.name ?? 'Plum Polling Trigger',
		type: PLUM_POLLING_TRIGGER_NODE_TYPE,
	});
}
