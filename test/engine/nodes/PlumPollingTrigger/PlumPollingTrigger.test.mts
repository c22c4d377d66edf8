/**
 * The Plum Polling Trigger's real poll() in n8n-core (PollTriggerExecutor, TriggersAndPollers,
 * PollContext; a manual test through WorkflowExecute), over HTTP to the sandbox, with the node's
 * static data saved and reloaded the way n8n does it (test/support/poller.mts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

import { createPoller, runManualPoll } from '../../../support/poller.mts';
import { placeOrder, SEEDED_PRODUCT_IDS, useSandbox } from '../../../support/sandbox.mts';

const DAY_S = 24 * 60 * 60;

describe('Plum Polling Trigger poll()', () => {
	const sandbox = useSandbox();

	afterEach(() => {
		vi.useRealTimers();
	});

	/** Places an order straight at the sandbox: realtime products are delivered at once, delayed ones stay pending. */
	async function order(poNumber: string, kind: 'realtime' | 'delayed' = 'delayed'): Promise<number> {
		const productId = kind === 'realtime' ? SEEDED_PRODUCT_IDS.realtimeFixed : SEEDED_PRODUCT_IDS.delayed;
		const placed = await placeOrder(sandbox, { productId, denomination: 25, poNumber, email: 'ana@example.com' });
		expect(placed.status).toBe(200);
		return Number(placed.data.data.placeOrder.data.orderId);
	}

	const poller = (parameters: Record<string, unknown> = {}) => createPoller(sandbox.helper, { events: ['delivered', 'canceled'], ...parameters });

	it('emits nothing from before activation: orders delivered or canceled before the first poll', async () => {
		await order('before-delivered', 'realtime');
		await sandbox.admin.cancelOrder(await order('before-canceled'));

		const trigger = poller();
		expect(await trigger.activate()).toBeNull();
		expect(await trigger.poll()).toBeNull();
		expect(trigger.executions).toEqual([]);
		// The first poll took note of them, and n8n saved that after activating.
		expect(Object.keys(trigger.savedStaticData()?.seenOrders as object)).toHaveLength(2);
	});

	it('emits an order delivered after activation once, with its details and vouchers; the next poll emits nothing', async () => {
		const orderId = await order('survey-r1');
		const trigger = poller();
		expect(await trigger.activate()).toBeNull();
		expect(await trigger.poll()).toBeNull();

		await sandbox.admin.completeOrder(orderId);
		const emitted = await trigger.poll();

		expect(emitted).toHaveLength(1);
		expect(emitted![0]).toMatchObject({ orderId, poNumber: 'survey-r1', deliveryStatus: 'delivered' });
		expect(emitted![0].orderDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		expect(emitted![0]).not.toHaveProperty('webhookId');
		const details = emitted![0].order as Record<string, unknown>;
		expect(details).toMatchObject({ orderId, deliveryStatus: 'delivered', poNumber: 'survey-r1' });
		expect(details.products).toEqual([expect.objectContaining({ productId: SEEDED_PRODUCT_IDS.delayed, quantity: 1 })]);
		expect(details.vouchers).toEqual([expect.objectContaining({ orderId, voucherCode: expect.any(String) })]);

		expect(await trigger.poll()).toBeNull();
		expect(trigger.executions).toHaveLength(1);
	});

	it('emits a real-time order placed after activation, delivered at once', async () => {
		const trigger = poller();
		await trigger.activate();
		const orderId = await order('instant-1', 'realtime');
		expect((await trigger.poll())?.map((item) => item.orderId)).toEqual([orderId]);
	});

	it('does not emit a canceled order when only delivered is chosen', async () => {
		const trigger = poller({ events: ['delivered'] });
		await trigger.activate();
		const canceled = await order('cancel-me');
		const delivered = await order('deliver-me');
		await sandbox.admin.cancelOrder(canceled);
		await sandbox.admin.completeOrder(delivered);

		const emitted = await trigger.poll();
		expect(emitted?.map((item) => item.orderId)).toEqual([delivered]);
		expect(await trigger.poll()).toBeNull();
	});

	it('emits each status of an order once: delivered, then canceled later', async () => {
		const trigger = poller();
		await trigger.activate();
		const orderId = await order('refund-1');
		await sandbox.admin.completeOrder(orderId);
		expect((await trigger.poll())?.map((item) => item.deliveryStatus)).toEqual(['delivered']);
		await sandbox.admin.cancelOrder(orderId);
		const emitted = await trigger.poll();
		expect(emitted).toEqual([expect.objectContaining({ orderId, deliveryStatus: 'canceled' })]);
		expect(emitted![0]).not.toHaveProperty('orderDetailsError');
		expect(await trigger.poll()).toBeNull();
	});

	it('does not emit again after a restart of n8n (static data reloaded from what was saved)', async () => {
		const trigger = poller();
		await trigger.activate();
		const first = await order('restart-1');
		await sandbox.admin.completeOrder(first);
		expect(await trigger.poll()).toHaveLength(1);

		// n8n restarts: the workflow is built from the saved static data and activated again (one poll at once).
		expect(await trigger.restart()).toBeNull();
		expect(await trigger.poll()).toBeNull();

		// What changed while n8n was down is emitted after the restart, once.
		const second = await order('restart-2');
		await sandbox.admin.completeOrder(second);
		await trigger.restart();
		expect(await trigger.poll()).toBeNull();
		expect(trigger.executions.map((items) => items.map((item) => item.orderId))).toEqual([[first], [second]]);
	});

	it('reports a failed history call as the poll\'s error and loses nothing: the next poll emits the order', async () => {
		const trigger = poller();
		await trigger.activate();
		const orderId = await order('fault-1');
		await sandbox.admin.completeOrder(orderId);
		await sandbox.admin.addFault({ match: { op: 'getOrderHistory' }, times: 1, action: 'status', status: 400 });

		await expect(trigger.poll()).rejects.toThrow();
		expect((await trigger.poll())?.map((item) => item.orderId)).toEqual([orderId]);
	});

	it('a manual test emits the most recent matching order as a sample, even one already emitted, and changes no memory', async () => {
		const older = await order('sample-old', 'realtime');
		const newer = await order('sample-new', 'realtime');
		const pending = await order('sample-pending');

		const manual = await runManualPoll(sandbox.helper, { events: ['delivered'] });

		expect(manual.error).toBeUndefined();
		expect(manual.items).toEqual([expect.objectContaining({ orderId: newer, poNumber: 'sample-new', deliveryStatus: 'delivered' })]);
		expect(manual.items[0].orderId).not.toBe(older);
		expect(manual.items[0].orderId).not.toBe(pending);
		expect(manual.staticData).toEqual({});
	});

	it('a manual test with no matching order fails with a message that says what to do', async () => {
		await order('still-pending');
		const manual = await runManualPoll(sandbox.helper, { events: ['delivered', 'canceled'] });
		expect(manual.items).toEqual([]);
		expect(manual.error?.message).toBe('No delivered or canceled order placed in the last 14 days');
		expect(manual.error?.description).toContain('Look-Back');
	});

	it('finds an order delivered days after it was placed, within the look-back', async () => {
		const trigger = poller({ options: { lookbackDays: 14 } });
		const orderId = await order('slow-1');
		await trigger.activate();

		// Ten days later (n8n's clock and Plum's): the delayed gift card is delivered.
		vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 10 * DAY_S * 1000 });
		await sandbox.admin.completeOrder(orderId);
		expect((await trigger.poll())?.map((item) => item.orderId)).toEqual([orderId]);
	});

	it('keeps its memory bounded: orders older than the look-back are forgotten', async () => {
		const trigger = poller({ options: { lookbackDays: 2 } });
		await trigger.activate();
		const first = await order('prune-1', 'realtime');
		expect(await trigger.poll()).toHaveLength(1);
		expect(Object.keys(trigger.liveStaticData().seenOrders as object)).toEqual([String(first)]);

		// Four days later: the first order is past the two-day look-back and its one-day margin.
		vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 4 * DAY_S * 1000 });
		const second = await order('prune-2', 'realtime');
		expect((await trigger.poll())?.map((item) => item.orderId)).toEqual([second]);
		expect(Object.keys(trigger.savedStaticData()?.seenOrders as object)).toEqual([String(second)]);
	});
});
