/**
 * End to end, through a running n8n (the pinned version, `n8n start`) with the packed package
 * installed: a published Plum Trigger workflow receives the sandbox's order delivery-status
 * callbacks on its production URL. The right key starts exactly one execution carrying the order;
 * a wrong key gets 401 and starts none; the same callback id again gets 200 and starts none.
 * Executions are read through n8n's public API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { plumCredentialData, SandboxAdmin, type ResetResult } from '../../sandbox/client.mts';
import type { WebhookPayload } from '../../sandbox/webhooks.mts';
import { startSandbox, type SandboxHandle } from '../../sandbox/server.mts';
import {
	createN8nWithPackage,
	manualPlumWorkflow,
	nodeOutput,
	triggerWorkflow,
	type N8nInstance,
	type PublicExecution,
} from '../support/n8n.mts';

const OWNER = {
	email: 'e2e-owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-owner-pass-1',
};
const WEBHOOK_CREDENTIAL_ID = 'PlumE2eHookCred1';
const OAUTH_CREDENTIAL_ID = 'PlumE2eTestBtn01';
const OAUTH_CREDENTIAL_NAME = 'Plum sandbox (e2e)';

function oauthCredentialData() {
	return plumCredentialData(sandbox.baseUrl, seeded.user);
}
const WORKFLOW_ID = 'PlumE2eTrigger01';
const WEBHOOK_ID = '6f7e2a51-3c1d-4b8e-9a0f-5d2c7b9e1a43';
const API_KEY = 'sandboxHookKey1234567890';
const DELAYED_PRODUCT_ID = 90005;

let sandbox: SandboxHandle;
let admin: SandboxAdmin;
let seeded: ResetResult;
let n8n: N8nInstance;
let productionUrl: string;

/** Places an order for the sandbox's delayed-delivery product through the Plum node (`n8n execute`). */
async function placePendingOrder(poNumber: string): Promise<number> {
	const workflowId = `PlumE2eOrder${poNumber.replace(/\W/g, '').slice(-4).padStart(4, '0')}`;
	await n8n.importWorkflows([
		manualPlumWorkflow(workflowId, `E2E: order ${poNumber}`, {
			credentialId: OAUTH_CREDENTIAL_ID,
			credentialName: OAUTH_CREDENTIAL_NAME,
			parameters: {
				resource: 'order',
				operation: 'create',
				productId: { __rl: true, mode: 'id', value: String(DELAYED_PRODUCT_ID) },
				denomination: 25,
				quantity: 1,
				poNumber,
				email: 'receiver@example.com',
			},
		}),
	]);
	const [order] = nodeOutput(await n8n.execute(workflowId), 'Plum');
	expect(order).toMatchObject({ poNumber, deliveryStatus: 'pending', replayed: false });
	return Number(order.orderId);
}

/** Waits until the workflow has `count` finished executions (newest first); fails on a timeout. */
async function waitForExecutions(count: number, timeoutMs = 60_000): Promise<PublicExecution[]> {
	const deadline = Date.now() + timeoutMs;
	let executions: PublicExecution[] = [];
	while (Date.now() < deadline) {
		executions = await n8n.executions(WORKFLOW_ID);
		if (executions.length >= count) return executions;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(
		`expected ${count} executions of ${WORKFLOW_ID}, found ${executions.length}\n${await n8n.logTail()}`,
	);
}

function triggerOutput(execution: PublicExecution): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData.runData['Plum Trigger'] ?? [];
	return (runs[0]?.data?.main?.[0] ?? []).map((item) => item.json);
}

beforeAll(async () => {
	n8n = await createN8nWithPackage();
	productionUrl = `${n8n.url}/webhook/${WEBHOOK_ID}/webhook`;

	sandbox = await startSandbox({ port: 0 });
	admin = new SandboxAdmin(sandbox.url);
	seeded = await admin.reset({ webhook: { url: productionUrl, apiKey: API_KEY } });

	await n8n.importCredentials([
		{
			id: OAUTH_CREDENTIAL_ID,
			name: OAUTH_CREDENTIAL_NAME,
			type: 'plumOAuth2Api',
			data: oauthCredentialData(),
		},
		{
			id: WEBHOOK_CREDENTIAL_ID,
			name: 'Plum webhook (e2e)',
			type: 'plumWebhookApi',
			data: { apiKey: API_KEY },
		},
	]);
	await n8n.importWorkflows([
		triggerWorkflow(WORKFLOW_ID, 'E2E: Plum delivery status', {
			webhookId: WEBHOOK_ID,
			credentialId: WEBHOOK_CREDENTIAL_ID,
			credentialName: 'Plum webhook (e2e)',
		}),
	]);
	// Published before start, so `n8n start` activates it and registers its production webhook.
	await n8n.publishWorkflow(WORKFLOW_ID);
	await n8n.start();
	await n8n.setupOwner(OWNER);
	await n8n.createApiKey('plum-e2e');
});

afterAll(async () => {
	await n8n?.dispose({ removeFolder: true });
	await sandbox?.close();
});

describe('Plum Trigger in a running n8n', () => {
	let firstPayload: WebhookPayload;

	it('is active after publishing', async () => {
		const workflows = await n8n.workflows();
		expect(workflows.find((workflow) => workflow.id === WORKFLOW_ID)?.active).toBe(true);
		expect(await n8n.executions(WORKFLOW_ID)).toEqual([]);
	});

	it('starts exactly one execution with the order when Plum calls with the right key', async () => {
		const orderId = await placePendingOrder('E2E-PO-1');

		const result = await admin.completeOrder(orderId);

		expect(result.webhook?.status).toBe('delivered');
		expect(result.webhook?.results.map((attempt) => attempt.status)).toEqual([200]);
		firstPayload = result.webhook!.payload;
		const executions = await waitForExecutions(1);
		expect(executions).toHaveLength(1);
		expect(executions[0]).toMatchObject({ status: 'success', mode: 'webhook' });
		expect(triggerOutput(executions[0])).toEqual([
			expect.objectContaining({
				orderId,
				poNumber: 'E2E-PO-1',
				deliveryStatus: 'delivered',
				orderDate: firstPayload.data.orderDate,
				createdAt: firstPayload.createdAt,
				webhookId: firstPayload.id,
			}),
		]);
	});

	it('answers 401 to a wrong or missing key and 200 to a repeated callback, starting no execution', async () => {
		const forged = { ...firstPayload, id: firstPayload.id + 1000 };
		const wrongKey = await admin.sendWebhook({
			payload: forged,
			headers: { 'x-api-key': 'not-the-key-1234567' },
		});
		expect(wrongKey.status).toBe(401);
		const noKey = await admin.sendWebhook({ payload: forged, headers: { 'x-api-key': null } });
		expect(noKey.status).toBe(401);

		const repeated = await admin.sendWebhook({ payload: firstPayload });
		expect(repeated.status).toBe(200);

		// A fresh callback afterwards: once its execution is stored, nothing else can still be on its way.
		const orderId = await placePendingOrder('E2E-PO-2');
		const canceled = await admin.cancelOrder(orderId);
		expect(canceled.webhook?.status).toBe('delivered');
		const executions = await waitForExecutions(2);
		expect(executions).toHaveLength(2);
		expect(triggerOutput(executions[0])).toEqual([
			expect.objectContaining({
				orderId,
				poNumber: 'E2E-PO-2',
				deliveryStatus: 'canceled',
				webhookId: canceled.webhook!.payload.id,
			}),
		]);
		expect(triggerOutput(executions[1])).toEqual([
			expect.objectContaining({ webhookId: firstPayload.id }),
		]);
	});

	it('the credential\'s Test button refreshes the tokens and stores the rotated pair', async () => {
		const before = (await admin.tokens()).clients.user.refreshCount;

		const result = await n8n.request('POST', '/rest/credentials/test', {
			// What the editor sends for a saved credential: its stored data (orders above rotated the seeded token).
			credentials: { id: OAUTH_CREDENTIAL_ID, name: OAUTH_CREDENTIAL_NAME, type: 'plumOAuth2Api', data: (await n8n.credential(OAUTH_CREDENTIAL_ID)).data },
		});

		expect(result.status).toBe(200);
		expect((result.body as { data: { status: string } }).data.status).toBe('OK');
		const tokens = (await admin.tokens()).clients.user;
		expect(tokens.refreshCount).toBe(before + 1);
		const validations = (await admin.requests()).filter((request) => request.path === '/chef/v1/oauth/token' && request.method === 'GET');
		expect(validations.at(-1)?.status).toBe(200);
		const stored = await n8n.credential(OAUTH_CREDENTIAL_ID);
		expect(stored.data.refreshToken).toBe(tokens.currentRefreshToken);
	});
});
