import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { orderRecovery } from '../../../../../nodes/Plum/api/placeOrderOnce';
import { runPlumNode } from '../../../../support/engine.mts';
import { SEEDED_PRODUCT_IDS, useSandbox } from '../../../../support/sandbox.mts';

function placeOrder(overrides: Record<string, unknown> = {}) {
	return {
		parameters: {
			resource: 'order',
			operation: 'create',
			productId: { __rl: true, mode: 'id', value: String(SEEDED_PRODUCT_IDS.realtimeFixed) },
			denomination: 25,
			quantity: 1,
			poNumber: '={{ "survey-" + $json.responseId }}',
			email: '={{ $json.email }}',
			notifyReceiverEmail: true,
			notifyAdminEmail: false,
			...overrides,
		},
	};
}

const responses = [
	{ responseId: 'r1', email: 'ana@example.com' },
	{ responseId: 'r2', email: 'li@example.com' },
];

describe('order.create', () => {
	const sandbox = useSandbox();

	// Plum's realtime window is 120 s; the same rules run here on a 3-second one.
	const realWindow = { ...orderRecovery };
	beforeAll(() => Object.assign(orderRecovery, { windowMs: 3_000, firstLookupMs: 200 }));
	afterAll(() => Object.assign(orderRecovery, realWindow));

	async function ordersFor(poNumber: string) {
		return await sandbox.admin.orders(poNumber);
	}

	async function placeOrderCalls() {
		return (await sandbox.admin.requests()).filter((request) => request.op === 'placeOrder');
	}

	it('places one order per item with one request each, numbers as numbers, paired to its item', async () => {
		const { items, error } = await runPlumNode(sandbox.helper, placeOrder(), responses);

		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const [first] = items.map((item) => item.json);
		expect(first).toMatchObject({ poNumber: 'survey-r1', deliveryStatus: 'delivered', replayed: false });
		expect(typeof first.orderId).toBe('number');
		expect(typeof first.amountCharged).toBe('number');
		expect((first.vouchers as Array<Record<string, unknown>>)[0]).toMatchObject({ amount: 25 });
		expect(await placeOrderCalls()).toHaveLength(2);
		// The product is looked up once per execution, not once per item.
		expect((await sandbox.admin.requests()).filter((request) => request.op === 'getVouchers')).toHaveLength(1);
		const [stored] = await ordersFor('survey-r1');
		expect(stored.request).toMatchObject({ notifyReceiverEmail: 1, notifyAdminEmail: 0, email: 'ana@example.com' });
	});

	it('a second run of the same workflow returns the existing orders as replays and orders nothing', async () => {
		await runPlumNode(sandbox.helper, placeOrder(), responses);
		const { items, error } = await runPlumNode(sandbox.helper, placeOrder(), responses);

		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.poNumber, item.json.replayed])).toEqual([
			['survey-r1', true],
			['survey-r2', true],
		]);
		expect(await ordersFor('survey-r1')).toHaveLength(1);
		expect(await ordersFor('survey-r2')).toHaveLength(1);
	});

	it('recovers an order whose response was lost after Plum committed it', async () => {
		await sandbox.admin.addFault({ match: { op: 'placeOrder' }, times: 1, action: 'drop-after-commit' });

		const { items, error } = await runPlumNode(sandbox.helper, placeOrder(), [responses[0]]);

		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ poNumber: 'survey-r1', replayed: false });
		expect(await ordersFor('survey-r1')).toHaveLength(1);
		expect(await placeOrderCalls()).toHaveLength(1);
	});

	it('places the order again after a 502 only once Plum\'s window has passed without the order', async () => {
		await sandbox.admin.addFault({ match: { op: 'placeOrder' }, times: 1, action: 'status', status: 502 });

		const started = Date.now();
		const { items, error } = await runPlumNode(sandbox.helper, placeOrder(), [responses[0]]);

		expect(error).toBeUndefined();
		expect(items[0].json.poNumber).toBe('survey-r1');
		expect(await ordersFor('survey-r1')).toHaveLength(1);
		const calls = await sandbox.admin.requests();
		const placements = calls.filter((request) => request.op === 'placeOrder');
		expect(placements).toHaveLength(2);
		// Looked up with backoff in between, and not placed again before the window had passed.
		expect(calls.filter((request) => request.op === 'getOrderDetails').length).toBeGreaterThanOrEqual(3);
		expect(Date.now() - started).toBeGreaterThanOrEqual(orderRecovery.windowMs);
	});

	it('finds an order Plum commits seconds after answering 502, and does not order it again', async () => {
		await sandbox.admin.addFault({ match: { op: 'placeOrder' }, times: 1, action: 'status', status: 502, commitAfterMs: 1_000 });

		const { items, error } = await runPlumNode(sandbox.helper, placeOrder(), [responses[0]]);

		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ poNumber: 'survey-r1', replayed: false, deliveryStatus: 'delivered' });
		expect(await ordersFor('survey-r1')).toHaveLength(1);
		expect(await placeOrderCalls()).toHaveLength(1);
	});

	it('returns the committed order after a 502 that came after Plum committed it', async () => {
		await sandbox.admin.addFault({ match: { op: 'placeOrder' }, times: 1, action: 'status', status: 502, afterCommit: true });

		const { items, error } = await runPlumNode(sandbox.helper, placeOrder(), [responses[0]]);

		expect(error).toBeUndefined();
		expect(items[0].json.poNumber).toBe('survey-r1');
		expect(await ordersFor('survey-r1')).toHaveLength(1);
		expect(await placeOrderCalls()).toHaveLength(1);
	});

	it('with Retry On Fail, a failed attempt whose order was committed is not ordered again', async () => {
		// The order is committed but its answer is lost, and Plum cannot be asked about it for a while:
		// the first attempt fails, n8n retries the node, and the retry finds the order.
		await sandbox.admin.addFault({ match: { op: 'placeOrder' }, times: 1, action: 'drop-after-commit' });
		await sandbox.admin.addFault({ match: { op: 'getOrderDetails' }, times: 3, action: 'status', status: 503 });

		const { items, error } = await runPlumNode(
			sandbox.helper,
			{ ...placeOrder(), settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 } },
			[responses[0]],
		);

		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ poNumber: 'survey-r1', replayed: true });
		expect(await ordersFor('survey-r1')).toHaveLength(1);
	});

	it('without Retry On Fail, the same faults fail the node and a re-run finds the order', async () => {
		await sandbox.admin.addFault({ match: { op: 'placeOrder' }, times: 1, action: 'drop-after-commit' });
		await sandbox.admin.addFault({ match: { op: 'getOrderDetails' }, times: 3, action: 'status', status: 503 });

		const failed = await runPlumNode(sandbox.helper, placeOrder(), [responses[0]]);
		expect(failed.error?.message).toMatch(/^The order with PO Number "survey-r1" may or may not have been placed: .*looking the PO number up failed too \(Plum answered HTTP 503/);
		expect(failed.error?.description).toMatch(/Order → Get \(Look Up By: PO Number "survey-r1"\)/);

		const rerun = await runPlumNode(sandbox.helper, placeOrder(), [responses[0]]);
		expect(rerun.items[0].json).toMatchObject({ poNumber: 'survey-r1', replayed: true });
		expect(await ordersFor('survey-r1')).toHaveLength(1);
	});

	it('places a new order for a poNumber whose earlier order was canceled', async () => {
		const [first] = (await runPlumNode(sandbox.helper, placeOrder(), [responses[0]])).items;
		await sandbox.admin.cancelOrder(Number(first.json.orderId));

		const { items, error } = await runPlumNode(sandbox.helper, placeOrder(), [responses[0]]);

		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ poNumber: 'survey-r1', replayed: false });
		expect(items[0].json.orderId).not.toBe(first.json.orderId);
	});

	it('refuses to pass off an order for another product, value or quantity as this one (Plum\'s live answer)', async () => {
		const [first] = (await runPlumNode(sandbox.helper, placeOrder(), [responses[0]])).items;
		const orderId = Number(first.json.orderId);

		for (const [other, held] of [
			[{ productId: { __rl: true, mode: 'id', value: String(SEEDED_PRODUCT_IDS.openValue) }, denomination: 25 }, /it holds product \d+\. Nothing was ordered/],
			[{ denomination: 10 }, /it holds value 25\. Nothing was ordered/],
			[{ quantity: 2 }, /it holds 1 gift card\. Nothing was ordered/],
		] as const) {
			const { items, error } = await runPlumNode(sandbox.helper, placeOrder(other), [responses[0]]);
			expect(items).toHaveLength(0);
			expect(error?.message).toMatch(new RegExp(`^PO Number "survey-r1" already belongs to order ${orderId}, which is not this reward: ${held.source}`));
		}
		expect(await ordersFor('survey-r1')).toHaveLength(1);
	});

	it('never returns one person\'s order as another\'s: two items with one PO number and different receivers', async () => {
		const { items, error } = await runPlumNode(
			sandbox.helper,
			{ ...placeOrder({ poNumber: 'shared-po' }), settings: { onError: 'continueRegularOutput' } },
			responses,
		);

		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ poNumber: 'shared-po', replayed: false });
		expect(items[1].json.error).toBe(
			'PO Number "shared-po" is also used by item 0 of this run for a different reward (email "ana@example.com" there, "li@example.com" here). Nothing was ordered for this item',
		);
		expect(items[1].json).not.toHaveProperty('vouchers');
		expect(await placeOrderCalls()).toHaveLength(1);
	});

	it('refuses a pending order under the PO number, whose cards cannot be compared yet', async () => {
		const delayed = placeOrder({ productId: { __rl: true, mode: 'id', value: String(SEEDED_PRODUCT_IDS.delayed) }, denomination: 50 });
		await runPlumNode(sandbox.helper, delayed, [responses[0]]);

		const { error } = await runPlumNode(sandbox.helper, delayed, [responses[0]]);

		expect(error?.message).toMatch(/already belongs to order \d+, which is not this reward: its gift cards are not issued yet \(delivery status "pending"\)/);
		expect(await ordersFor('survey-r1')).toHaveLength(1);
	});

	it('keeps a delayed product pending', async () => {
		const { items } = await runPlumNode(
			sandbox.helper,
			placeOrder({ productId: SEEDED_PRODUCT_IDS.delayed, denomination: 50 }),
			[responses[0]],
		);
		expect(items[0].json).toMatchObject({ deliveryStatus: 'pending', replayed: false });
	});

	describe('rejects bad input before any money moves', () => {
		const cases: Array<[string, Record<string, unknown>, RegExp]> = [
			['a denomination the product does not offer', { denomination: 30 }, /Invalid Denomination: 30\. .*offered in 10, 25, 50, 100 USD/],
			['a value outside an open-value range', { productId: SEEDED_PRODUCT_IDS.openValue, denomination: 600 }, /Invalid Denomination: 600\. .*between 5 and 500 USD/],
			['a quantity above the product limit', { productId: SEEDED_PRODUCT_IDS.quantityLimited, denomination: 20, quantity: 3 }, /Invalid Quantity: 3\. .*at most 2 per order/],
			['a missing phone number where the product needs one', { productId: SEEDED_PRODUCT_IDS.phoneMandatory, denomination: 100 }, /Invalid Contact: \(empty\)\. .*phone number/],
			['an empty poNumber', { poNumber: '={{ $json.missing ?? "" }}' }, /Invalid PO Number: \(empty\)\. It is required/],
			['a poNumber over 100 characters', { poNumber: 'p'.repeat(101) }, /Invalid PO Number: .*this one has 101/],
			['a poNumber from an expression that read a missing field', { poNumber: '={{ "survey-" + $json.respnseId }}' }, /Invalid PO Number: "survey-undefined"\. It contains "undefined": the expression read a missing field/],
			['a poNumber from an expression that read a whole object', { poNumber: '={{ "survey-" + $json }}' }, /Invalid PO Number: "survey-\[object Object\]"\. .*or a whole object/],
			['a poNumber from an expression that read null', { poNumber: '={{ "survey-" + null }}' }, /Invalid PO Number: "survey-null"/],
			['a malformed email', { email: 'ana@' }, /Invalid Email: "ana@"/],
			['no email while Plum is to email the receiver', { email: '' }, /Invalid Email: \(empty\)\. Notify Receiver by Email is on/],
			['an unknown product', { productId: 999999 }, /Invalid Product: 999999\. .*no product with this ID/],
		];

		for (const [what, overrides, message] of cases) {
			it(`${what}`, async () => {
				const { error } = await runPlumNode(sandbox.helper, placeOrder(overrides), [responses[0]]);
				expect(error?.message).toMatch(message);
				expect(await placeOrderCalls()).toHaveLength(0);
			});
		}

		it('with Continue On Fail, turns a bad item into an error item and places the rest', async () => {
			const { items, error } = await runPlumNode(
				sandbox.helper,
				{ ...placeOrder({ email: '={{ $json.email }}' }), settings: { onError: 'continueRegularOutput' } },
				[responses[0], { responseId: 'r-bad', email: 'not-an-email' }, responses[1]],
			);

			expect(error).toBeUndefined();
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(items[1].json.error).toMatch(/Invalid Email: "not-an-email"/);
			expect(items[0].json.orderId).toEqual(expect.any(Number));
			expect(items[2].json.orderId).toEqual(expect.any(Number));
			expect(await placeOrderCalls()).toHaveLength(2);
		});
	});
});
