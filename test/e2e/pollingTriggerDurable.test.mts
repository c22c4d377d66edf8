/**
 * End to end, through a running n8n 2.x with its durable poll cursors switched on
 * (N8N_POLLER_DURABLE_CURSORS_ENABLED, which needs N8N_SCHEDULER_ENABLED and
 * N8N_SCHEDULER_POLL_TRIGGERS_ENABLED): the scheduler runs the polls, and the trigger's memory
 * (its node static data) lives in n8n's poller_state table, committed with each execution.
 *
 * What n8n does differently there, read in n8n 2.40.7 and seen here: the poll at activation is a
 * test whose memory is kept only when it emits. The trigger's first poll only records what exists,
 * so with durable cursors it starts watching at its first scheduled poll instead of at activation
 * (the README says so). This file proves the rest: from then on, each delivered or canceled order
 * starts the workflow once, also across a restart of n8n and a new activation.
 *
 * n8n 1.x has no such mode: the file is skipped there.
 */
import { describe, expect, it } from 'vitest';

import { SEEDED_PRODUCT_IDS } from '../../sandbox/catalogue.mts';
import { useN8nWithSandbox } from '../support/e2e.mts';
import { N8N_MAJOR, type PublicExecution, type WorkflowEntry } from '../support/n8n.mts';
import { plumPollingTriggerNode, testNode } from '../support/nodes.mts';
import { callApi, type SandboxFixture } from '../support/sandbox.mts';

const OAUTH_CREDENTIAL = { id: 'PlumE2eDurableCr1', name: 'Plum sandbox (e2e durable polling)' };
const WORKFLOW_ID = 'PlumE2eDurable001';
/** A scheduled poll comes within a minute; the margin covers a busy machine. */
const SCHEDULED_POLL_MS = 150_000;
const DURABLE_CURSORS = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
};

function pollingWorkflow(): WorkflowEntry {
	return {
		id: WORKFLOW_ID,
		name: 'E2E: Plum polling trigger, durable cursors',
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

describe.skipIf(N8N_MAJOR < 2)('Plum Polling Trigger in a running n8n with durable poll cursors', () => {
	const e2e = useN8nWithSandbox({
		credential: OAUTH_CREDENTIAL,
		workflows: async () => {
			await placeOrder('PRE-DELIVERED', 'realtime');
			return [pollingWorkflow()];
		},
		publish: [WORKFLOW_ID],
		start: 'server',
		n8nOptions: () => ({ env: DURABLE_CURSORS }),
	});

	/** Places a gift card order in the sandbox (a real-time one is delivered at once); returns its order ID. */
	async function placeOrder(poNumber: string, kind: 'realtime' | 'delayed'): Promise<number> {
		const fixture = { handle: e2e.sandbox, seeded: e2e.seeded } as SandboxFixture;
		const productId = kind === 'realtime' ? SEEDED_PRODUCT_IDS.realtimeFixed : SEEDED_PRODUCT_IDS.delayed;
		const answer = await callApi(fixture, 'plumProAPI.mutation.placeOrder', {
			data: { productId, denomination: kind === 'realtime' ? 10 : 25, quantity: 1, poNumber, email: 'receiver@example.com' },
		});
		const order = answer.data?.data?.placeOrder?.data as { orderId: number } | undefined;
		if (!order) throw new Error(`placeOrder ${poNumber} answered ${answer.status}: ${JSON.stringify(answer.data)}`);
		return Number(order.orderId);
	}

	/** How many times the trigger has read the order history (once per poll). */
	async function historyReads(): Promise<number> {
		return (await e2e.admin.requests()).filter((request) => request.op?.endsWith('getOrderHistory') && request.status === 200).length;
	}

	async function waitForHistoryReads(count: number): Promise<void> {
		const deadline = Date.now() + SCHEDULED_POLL_MS;
		while ((await historyReads()) < count) {
			if (Date.now() > deadline) throw new Error(`expected ${count} polls, no scheduled poll within ${SCHEDULED_POLL_MS} ms\n${await e2e.n8n.logTail()}`);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}

	function triggerOutput(execution: PublicExecution): Array<Record<string, unknown>> {
		const runs = execution.data?.resultData.runData['Plum Polling Trigger'] ?? [];
		return (runs[0]?.data?.main?.[0] ?? []).map((item) => item.json);
	}

	/** Waits until the trigger has emitted at least `count` items in all; returns them as "poNumber status", sorted. */
	async function waitForItems(count: number): Promise<string[]> {
		const deadline = Date.now() + SCHEDULED_POLL_MS;
		for (;;) {
			const executions = await e2e.n8n.executions(WORKFLOW_ID);
			const settled = executions.every((execution) => !['new', 'running', 'waiting'].includes(execution.status));
			const items = executions.flatMap(triggerOutput);
			if (settled && items.length >= count) {
				for (const execution of executions) expect(execution).toMatchObject({ status: 'success', mode: 'trigger' });
				return items.map((item) => `${item.poNumber} ${item.deliveryStatus}`).sort();
			}
			if (Date.now() > deadline) throw new Error(`expected ${count} emitted orders, found ${items.length}\n${await e2e.n8n.logTail()}`);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}

	async function reactivate(): Promise<void> {
		for (const action of ['deactivate', 'activate']) {
			const answer = await e2e.n8n.publicApi('POST', `/workflows/${WORKFLOW_ID}/${action}`, action === 'activate' ? {} : undefined);
			expect(answer.status, `${action}: ${JSON.stringify(answer.body)}`).toBe(200);
		}
	}

	it('runs with the cursors on, and after its first scheduled poll emits each new order once', async () => {
		// n8n warns and falls back to static data when a flag the cursors need is missing.
		expect(await e2e.n8n.logTail(Number.MAX_SAFE_INTEGER)).not.toContain('durable poll cursors stay disabled');

		// The poll at activation, then the first scheduled one: the trigger now watches.
		await waitForHistoryReads(2);
		expect(await e2e.n8n.executions(WORKFLOW_ID)).toEqual([]);

		await placeOrder('NEW-DELIVERED', 'realtime');
		await e2e.admin.cancelOrder(await placeOrder('NEW-CANCELED', 'delayed'));

		expect(await waitForItems(2)).toEqual(['NEW-CANCELED canceled', 'NEW-DELIVERED delivered']);
		// One more scheduled poll: nothing is emitted twice.
		await waitForHistoryReads((await historyReads()) + 1);
		expect(await waitForItems(2)).toEqual(['NEW-CANCELED canceled', 'NEW-DELIVERED delivered']);
	});

	it('emits nothing again across a restart of n8n and a new activation, and then only what is new', async () => {
		await e2e.n8n.stop();
		await e2e.n8n.start();
		await e2e.n8n.login(e2e.owner!.email, e2e.owner!.password);
		await reactivate();

		await placeOrder('AFTER-RESTART', 'realtime');
		await reactivate();

		expect(await waitForItems(3)).toEqual(['AFTER-RESTART delivered', 'NEW-CANCELED canceled', 'NEW-DELIVERED delivered']);
	});
});
