/**
 * End to end, through a running n8n (the pinned version, `n8n start`) with the packed package
 * installed: a published Plum Trigger workflow receives the sandbox's order delivery-status
 * callbacks on its production URL. The right key starts exactly one execution carrying the order;
 * a wrong key gets 401 and starts none; the same callback id again gets 200 and starts none.
 * Executions are read through n8n's public API.
 */
import { describe, expect, it } from 'vitest';

import type { WebhookPayload } from '../../sandbox/webhooks.mts';
import { useN8nWithSandbox, waitForExecutions as waitForEveryExecution } from '../support/e2e.mts';
import { nodeOutput, triggerWorkflow, type PublicExecution } from '../support/n8n.mts';

const OAUTH_CREDENTIAL = { id: 'PlumE2eTestBtn01', name: 'Plum sandbox (e2e)' };
const WEBHOOK_CREDENTIAL = { id: 'PlumE2eHookCred1', name: 'Plum webhook (e2e)' };
const WORKFLOW_ID = 'PlumE2eTrigger01';
const WEBHOOK_ID = '6f7e2a51-3c1d-4b8e-9a0f-5d2c7b9e1a43';
const API_KEY = 'sandboxHookKey1234567890';
const DELAYED_PRODUCT_ID = 90005;

const e2e = useN8nWithSandbox({
	credential: OAUTH_CREDENTIAL,
	// The sandbox sends its order callbacks to the published trigger's production URL.
	sandboxConfig: (n8n) => ({ webhook: { url: `${n8n.url}/webhook/${WEBHOOK_ID}/webhook`, apiKey: API_KEY } }),
	credentials: [{ ...WEBHOOK_CREDENTIAL, type: 'plumWebhookApi', data: { apiKey: API_KEY } }],
	workflows: () => [
		triggerWorkflow(WORKFLOW_ID, 'E2E: Plum delivery status', {
			webhookId: WEBHOOK_ID,
			credentialId: WEBHOOK_CREDENTIAL.id,
			credentialName: WEBHOOK_CREDENTIAL.name,
		}),
	],
	// Published before start, so `n8n start` activates it and registers its production webhook.
	publish: [WORKFLOW_ID],
	start: 'server',
});

/** Places an order for the sandbox's delayed-delivery product through the Plum node (`n8n execute`). */
async function placePendingOrder(poNumber: string): Promise<number> {
	const workflowId = `PlumE2eOrder${poNumber.replace(/\W/g, '').slice(-4).padStart(4, '0')}`;
	await e2e.n8n.importWorkflows([
		e2e.plumWorkflow(workflowId, `E2E: order ${poNumber}`, {
			resource: 'order',
			operation: 'create',
			productId: { __rl: true, mode: 'id', value: String(DELAYED_PRODUCT_ID) },
			denomination: 25,
			quantity: 1,
			poNumber,
			email: 'receiver@example.com',
		}),
	]);
	const [order] = nodeOutput(await e2e.n8n.execute(workflowId), 'Plum');
	expect(order).toMatchObject({ poNumber, deliveryStatus: 'pending', replayed: false });
	return Number(order.orderId);
}

async function waitForExecutions(count: number): Promise<PublicExecution[]> {
	return await waitForEveryExecution(e2e.n8n, WORKFLOW_ID, count);
}

function triggerOutput(execution: PublicExecution): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData.runData['Plum Trigger'] ?? [];
	return (runs[0]?.data?.main?.[0] ?? []).map((item) => item.json);
}

describe('Plum Trigger in a running n8n', () => {
	let firstPayload: WebhookPayload;

	it('is active after publishing', async () => {
		const workflows = await e2e.n8n.workflows();
		expect(workflows.find((workflow) => workflow.id === WORKFLOW_ID)?.active).toBe(true);
		expect(await e2e.n8n.executions(WORKFLOW_ID)).toEqual([]);
	});

	it('starts exactly one execution with the order when Plum calls with the right key', async () => {
		const orderId = await placePendingOrder('E2E-PO-1');

		const result = await e2e.admin.completeOrder(orderId);

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
		const wrongKey = await e2e.admin.sendWebhook({
			payload: forged,
			headers: { 'x-api-key': 'not-the-key-1234567' },
		});
		expect(wrongKey.status).toBe(401);
		const noKey = await e2e.admin.sendWebhook({ payload: forged, headers: { 'x-api-key': null } });
		expect(noKey.status).toBe(401);

		const repeated = await e2e.admin.sendWebhook({ payload: firstPayload });
		expect(repeated.status).toBe(200);

		// A fresh callback afterwards: once its execution is stored, nothing else can still be on its way.
		const orderId = await placePendingOrder('E2E-PO-2');
		const canceled = await e2e.admin.cancelOrder(orderId);
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

	it('remembers every callback id, across a restart of n8n, and runs once for deliveries at the same moment', async () => {
		const already = (await e2e.n8n.executions(WORKFLOW_ID)).length;
		const payload = (id: number): WebhookPayload => ({ ...firstPayload, id, data: { ...firstPayload.data, poNumber: `E2E-ID-${id}` } });
		const ids = [firstPayload.id + 101, firstPayload.id + 102, firstPayload.id + 103];

		for (const id of ids) expect((await e2e.admin.sendWebhook({ payload: payload(id) })).status).toBe(200);
		await waitForExecutions(already + 3);
		for (const id of ids) expect((await e2e.admin.sendWebhook({ payload: payload(id) })).status).toBe(200);

		// One new id, three deliveries at once.
		const concurrent = firstPayload.id + 104;
		const answers = await Promise.all([1, 2, 3].map(async () => await e2e.admin.sendWebhook({ payload: payload(concurrent) })));
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
		await waitForExecutions(already + 4);

		await e2e.n8n.stop();
		await e2e.n8n.start();
		await e2e.n8n.login(e2e.owner!.email, e2e.owner!.password);
		for (const id of [...ids, concurrent]) expect((await e2e.admin.sendWebhook({ payload: payload(id) })).status).toBe(200);

		// A fresh callback afterwards: once its execution is stored, nothing else can still be on its way.
		expect((await e2e.admin.sendWebhook({ payload: payload(firstPayload.id + 105) })).status).toBe(200);
		const executions = await waitForExecutions(already + 5);
		expect(executions).toHaveLength(already + 5);
		const started = executions.slice(0, 5).map((execution) => Number(triggerOutput(execution)[0]?.webhookId));
		expect(started.sort()).toEqual([...ids, concurrent, firstPayload.id + 105].sort());
	});

	it('the credential\'s Test button refreshes the tokens and stores the rotated pair', async () => {
		const before = (await e2e.admin.tokens()).clients.user.refreshCount;

		const result = await e2e.n8n.request('POST', '/rest/credentials/test', {
			// What the editor sends for a saved credential: its stored data (orders above rotated the seeded token).
			credentials: { id: OAUTH_CREDENTIAL.id, name: OAUTH_CREDENTIAL.name, type: 'plumOAuth2Api', data: (await e2e.n8n.credential(OAUTH_CREDENTIAL.id)).data },
		});

		expect(result.status).toBe(200);
		expect((result.body as { data: { status: string } }).data.status).toBe('OK');
		const tokens = (await e2e.admin.tokens()).clients.user;
		expect(tokens.refreshCount).toBe(before + 1);
		const validations = (await e2e.admin.requests()).filter((request) => request.path === '/chef/v1/oauth/token' && request.method === 'GET');
		expect(validations.at(-1)?.status).toBe(200);
		const stored = await e2e.n8n.credential(OAUTH_CREDENTIAL.id);
		expect(stored.data.refreshToken).toBe(tokens.currentRefreshToken);
	});
});
