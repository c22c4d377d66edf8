/**
 * End to end, through a running n8n (`n8n start`, the pinned version) with the packed package
 * installed: a published workflow Plum Polling Trigger → NoOp polls the sandbox's order history.
 * Orders are placed and completed or canceled in the sandbox directly, as someone else would in
 * Plum; what is under test is only what n8n starts.
 *
 * Polls: n8n refuses a poll interval under a minute, so the test waits for one scheduled poll
 * (every minute) to prove the schedule, and otherwise makes n8n poll the way it does at every
 * activation: `n8n start` and the public API's deactivate/activate run the trigger's poll at once.
 * Executions are read through n8n's public API.
 */
import { describe, expect, it } from 'vitest';

import { SEEDED_PRODUCT_IDS } from '../../sandbox/catalogue.mts';
import { useN8nWithSandbox } from '../support/e2e.mts';
import { plumPollingTriggerNode, testNode } from '../support/nodes.mts';
import type { PublicExecution, WorkflowEntry } from '../support/n8n.mts';
import { callApi, type SandboxFixture } from '../support/sandbox.mts';

const OAUTH_CREDENTIAL = { id: 'PlumE2ePollCred1', name: 'Plum sandbox (e2e polling)' };
const WORKFLOW_ID = 'PlumE2ePolling01';
/** A scheduled poll comes within a minute; the margin covers a busy machine. */
const SCHEDULED_POLL_MS = 150_000;

function pollingWorkflow(): WorkflowEntry {
	return {
		id: WORKFLOW_ID,
		name: 'E2E: Plum polling trigger',
		active: false,
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveManualExecutions: true },
		connections: { 'Plum Polling Trigger': { main: [[{ node: 'Received', type: 'main', index: 0 }]] } },
		nodes: [
			plumPollingTriggerNode({
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, events: ['delivered', 'canceled'], options: {} },
				credentials: { plumOAuth2Api: OAUTH_CREDENTIAL },
			}),
			testNode({ name: 'Received', type: 'n8n-nodes-base.noOp', position: [220, 0] }),
		],
	};
}

const e2e = useN8nWithSandbox({
	credential: OAUTH_CREDENTIAL,
	// Orders from before activation: placed before n8n starts, so `n8n start` activates the trigger after them.
	workflows: async (fixture) => {
		await placeOrder('PRE-DELIVERED', 'realtime');
		preCanceled = await placeOrder('PRE-CANCELED', 'delayed');
		await fixture.admin.cancelOrder(preCanceled);
		prePending = await placeOrder('PRE-PENDING', 'delayed');
		return [pollingWorkflow()];
	},
	publish: [WORKFLOW_ID],
	start: 'server',
});

let preCanceled = 0;
let prePending = 0;

/** Places a gift card order in the sandbox (a real-time one is delivered at once); returns its order ID. */
async function placeOrder(poNumber: string, kind: 'realtime' | 'delayed'): Promise<number> {
	const fixture = { handle: e2e.sandbox, seeded: e2e.seeded } as SandboxFixture;
	const productId = kind === 'realtime' ? SEEDED_PRODUCT_IDS.realtimeFixed : SEEDED_PRODUCT_IDS.delayed;
	const denomination = kind === 'realtime' ? 10 : 25;
	const answer = await callApi(fixture, 'plumProAPI.mutation.placeOrder', {
		data: { productId, denomination, quantity: 1, poNumber, email: 'receiver@example.com' },
	});
	const order = answer.data?.data?.placeOrder?.data as { orderId: number; deliveryStatus: string } | undefined;
	if (!order) throw new Error(`placeOrder ${poNumber} answered ${answer.status}: ${JSON.stringify(answer.data)}`);
	expect(order.deliveryStatus).toBe(kind === 'realtime' ? 'delivered' : 'pending');
	return Number(order.orderId);
}

/** Unpublishes and publishes the workflow through the public API: n8n polls once at activation. */
async function reactivate(): Promise<void> {
	for (const action of ['deactivate', 'activate']) {
		const answer = await e2e.n8n.publicApi('POST', `/workflows/${WORKFLOW_ID}/${action}`, action === 'activate' ? {} : undefined);
		expect(answer.status, `${action}: ${JSON.stringify(answer.body)}`).toBe(200);
	}
}

function triggerOutput(execution: PublicExecution): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData.runData['Plum Polling Trigger'] ?? [];
	return (runs[0]?.data?.main?.[0] ?? []).map((item) => item.json);
}

/** Every item the trigger emitted, over all executions (oldest first), as "poNumber status". */
async function emitted(): Promise<{ executions: PublicExecution[]; items: Array<Record<string, unknown>>; labels: string[] }> {
	const executions = (await e2e.n8n.executions(WORKFLOW_ID)).slice().reverse();
	for (const execution of executions) expect(execution).toMatchObject({ status: 'success', mode: 'trigger' });
	const items = executions.flatMap(triggerOutput);
	return { executions, items, labels: items.map((item) => `${item.poNumber} ${item.deliveryStatus}`).sort() };
}

/**
 * Waits until the trigger has emitted at least `count` items in all. A scheduled poll can come at
 * any second, so the items of one step may arrive in one execution or in several.
 */
async function waitForItems(count: number, timeoutMs = SCHEDULED_POLL_MS): Promise<Awaited<ReturnType<typeof emitted>>> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const executions = await e2e.n8n.executions(WORKFLOW_ID);
		const settled = executions.every((execution) => !['new', 'running', 'waiting'].includes(execution.status));
		if (settled && executions.flatMap(triggerOutput).length >= count) return await emitted();
		if (Date.now() > deadline) throw new Error(`expected ${count} emitted orders, found ${executions.flatMap(triggerOutput).length}\n${await e2e.n8n.logTail()}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

describe('Plum Polling Trigger in a running n8n', () => {
	it('is active after publishing and emits nothing from before its activation', async () => {
		const workflows = await e2e.n8n.workflows();
		expect(workflows.find((workflow) => workflow.id === WORKFLOW_ID)?.active).toBe(true);
		// n8n polled once at activation: that poll only took note of the orders above.
		expect(await e2e.n8n.executions(WORKFLOW_ID)).toEqual([]);
	});

	it('on its schedule, starts the workflow for the orders delivered or canceled since, each once', async () => {
		await e2e.admin.completeOrder(prePending);
		const delivered = await placeOrder('NEW-DELIVERED', 'realtime');
		const canceled = await placeOrder('NEW-CANCELED', 'delayed');
		await e2e.admin.cancelOrder(canceled);

		// No activation since the first test: whatever ran, ran on the schedule.
		const { items, labels } = await waitForItems(3);
		expect(labels).toEqual(['NEW-CANCELED canceled', 'NEW-DELIVERED delivered', 'PRE-PENDING delivered']);
		expect(items.find((item) => item.orderId === delivered)).toMatchObject({
			poNumber: 'NEW-DELIVERED',
			deliveryStatus: 'delivered',
			orderDate: expect.any(String),
			order: expect.objectContaining({ orderId: delivered, vouchers: expect.any(Array) }),
		});
		expect(items.find((item) => item.orderId === canceled)).toMatchObject({ deliveryStatus: 'canceled' });
		expect(items.every((item) => !('webhookId' in item))).toBe(true);
		expect(preCanceled).toBeGreaterThan(0);
	});

	it('emits nothing again across a restart of n8n and a new activation, and then only what is new', async () => {
		await e2e.n8n.stop();
		await e2e.n8n.start();
		await e2e.n8n.login(e2e.owner!.email, e2e.owner!.password);
		await reactivate();

		// A fresh order afterwards: once it is emitted, a repeat of the older ones would have been too.
		await placeOrder('AFTER-RESTART', 'realtime');
		await reactivate();
		const { labels } = await waitForItems(4);

		expect(labels).toEqual([
			'AFTER-RESTART delivered',
			'NEW-CANCELED canceled',
			'NEW-DELIVERED delivered',
			'PRE-PENDING delivered',
		]);
	});
});
