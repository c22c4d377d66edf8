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
	close(): Promise<void>;
}

export async function startTriggerServer(
	helper: StoreCredentialsHelper,
	parameters: IDataObject,
	options: { trustProxy?: number | boolean; mode?: 'trigger' | 'manual' } = {},
): Promise<TriggerServer> {
	const node = plumTriggerNode({ webhookId: 'plum-trigger-test', parameters });
	const workflow = new Workflow({ id: 'trigger-test', nodes: [node], connections: {}, nodeTypes, active: true, settings: {} });
	const nodeType = nodeTypes.getByNameAndVersion(TRIGGER_NODE_TYPE, 1);
	const executions: INodeExecutionData[][] = [];

	const app = express();
	if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
	app.use(express.json());
	app.post('/webhook', async (req, res) => {
		const additionalData = createAdditionalData(helper, { httpRequest: req, httpResponse: res } as never);
		const webhookData = { httpMethod: 'POST', node: node.name, path: 'webhook', webhookDescription: {}, workflowId: workflow.id } as unknown as IWebhookData;
		const context = new WebhookContext(workflow, node, additionalData, options.mode ?? 'trigger', webhookData, [], null);
		let result: IWebhookResponseData;
		try {
			result = await nodeType.webhook!.call(context);
		} catch (error) {
			res.status(500).json({ message: (error as Error).message });
			return;
		}
		if (result.noWebhookResponse) return;
		if (result.workflowData) {
			executions.push(result.workflowData[0]);
			res.status(200).json({ message: 'Workflow was started' });
			return;
		}
		res.status(200).json(result.webhookResponse ?? { message: 'Webhook call received' });
	});

	const server: Server = await new Promise((resolve) => {
		const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/webhook`,
		executions,
		staticData: () => workflow.staticData as IDataObject,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
