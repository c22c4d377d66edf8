import { afterEach, describe, expect, it } from 'vitest';

import { pacing, PLUM_RATE_LIMITS } from '../../../../../nodes/Plum/transport/pacer';
import { runPlumNode } from '../../../../support/engine.mts';
import { SEEDED_PRODUCT_IDS, useSandbox } from '../../../../support/sandbox.mts';

function placeOrders(options: Record<string, unknown> = {}) {
	return {
		parameters: {
			resource: 'order',
			operation: 'create',
			productId: { __rl: true, mode: 'id', value: String(SEEDED_PRODUCT_IDS.realtimeFixed) },
			denomination: 25,
			quantity: 1,
			poNumber: '={{ $json.po }}',
			email: '={{ $json.email }}',
			options,
		},
	};
}

const people = (count: number, prefix = 'po') =>
	Array.from({ length: count }, (_, index) => ({ po: `${prefix}-${index}`, email: `person${index}@example.com` }));

describe('order.create with several orders in flight', () => {
	const sandbox = useSandbox();

	afterEach(() => Object.assign(pacing, { windowMs: 60_000, limits: { ...PLUM_RATE_LIMITS } }));

	it('places orders at once and returns every item in input order, paired to its item', async () => {
		// The first orders take longest, so they are answered last.
		for (const [index, delayMs] of [[0, 400], [1, 300], [2, 200]] as const) {
			await sandbox.admin.addFault({ match: { op: 'placeOrder', poNumber: `po-${index}` }, times: 1, action: 'delay', delayMs });
		}
		const input = people(8);

		const { items, error } = await runPlumNode(sandbox.helper, placeOrders({ concurrency: 4 }), input);

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.poNumber)).toEqual(input.map((person) => person.po));
		expect(items.map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
		expect(items.every((item) => typeof item.json.orderId === 'number' && item.json.replayed === false)).toBe(true);
		const inFlight = await sandbox.admin.ordersInFlight();
		expect(inFlight.peak).toBeGreaterThan(1);
		expect(inFlight.peak).toBeLessThanOrEqual(4);
		expect((await sandbox.admin.orders()).map((order) => order.poNumber).sort()).toEqual(input.map((person) => person.po).sort());
	});

	it('places one order after the other when the option is 1', async () => {
		await sandbox.admin.addFault({ match: { op: 'placeOrder' }, times: 3, action: 'delay', delayMs: 100 });

		const { items, error } = await runPlumNode(sandbox.helper, placeOrders({ concurrency: 1 }), people(3));

		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect((await sandbox.admin.ordersInFlight()).peak).toBe(1);
		expect((await sandbox.admin.orders()).map((order) => order.poNumber)).toEqual(['po-0', 'po-1', 'po-2']);
	});

	it('places several at once by default', async () => {
		await sandbox.admin.addFault({ match: { op: 'placeOrder' }, times: 6, action: 'delay', delayMs: 150 });

		const { error } = await runPlumNode(sandbox.helper, placeOrders(), people(6));

		expect(error).toBeUndefined();
		expect((await sandbox.admin.ordersInFlight()).peak).toBeGreaterThan(1);
	});

	it('never has two items with one PO number in flight together: the later ones get the order back as a replay', async () => {
		await sandbox.admin.addFault({ match: { op: 'placeOrder', poNumber: 'same' }, times: 3, action: 'delay', delayMs: 300 });
		const twin = { po: 'same', email: 'ana@example.com' };
		const input = [twin, { ...twin }, { po: 'other', email: 'li@example.com' }, { ...twin }];

		const { items, error } = await runPlumNode(sandbox.helper, placeOrders({ concurrency: 4 }), input);

		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.poNumber, item.json.replayed])).toEqual([
			['same', false],
			['same', true],
			['other', false],
			['same', true],
		]);
		expect(items[1].json.orderId).toBe(items[0].json.orderId);
		expect(items[3].json.orderId).toBe(items[0].json.orderId);
		const inFlight = await sandbox.admin.ordersInFlight();
		expect(inFlight.peakPerPoNumber.same).toBe(1);
		expect(await sandbox.admin.orders('same')).toHaveLength(1);
	});

	it('renews the token once when several orders in flight are refused for it at the same moment', async () => {
		expect((await runPlumNode(sandbox.helper, placeOrders(), people(1, 'warm'))).error).toBeUndefined();
		await sandbox.admin.clearRequests();
		for (const po of ['po-0', 'po-1', 'po-2']) {
			await sandbox.admin.addFault({ match: { op: 'placeOrder', poNumber: po }, times: 1, action: 'unauthorized' });
		}

		const { items, error } = await runPlumNode(sandbox.helper, placeOrders({ concurrency: 4 }), people(4));

		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.poNumber, item.json.replayed])).toEqual(people(4).map((person) => [person.po, false]));
		const requests = await sandbox.admin.requests();
		expect(requests.filter((request) => request.op === 'refresh')).toHaveLength(1);
		for (const person of people(4)) expect(await sandbox.admin.orders(person.po)).toHaveLength(1);
	});

	it('without Continue On Fail, a failure starts no further item and names the orders that stand', async () => {
		const input = [...people(2), { po: 'bad', email: 'not-an-email' }, ...people(3, 'later')];

		const { items, error } = await runPlumNode(sandbox.helper, placeOrders({ concurrency: 2 }), input);

		expect(items).toHaveLength(0);
		expect(error?.message).toMatch(/Invalid Email: "not-an-email"/);
		expect(error?.description).toMatch(/Orders for 2 other item\(s\) were placed and stand: PO Number "po-0": order \d+; PO Number "po-1": order \d+\./);
		expect(error?.description).toMatch(/Running the node again is safe/);
		const placed = (await sandbox.admin.orders()).map((order) => order.poNumber);
		expect(placed).not.toContain('later-2');
	});

	it('keeps a bulk send under the placeOrder limit, shared by executions running at once, with no 429', async () => {
		// Plum's 100 a minute, as 4 a second: the pacer and the sandbox count the same window.
		await sandbox.reset({ rateLimits: { ...PLUM_RATE_LIMITS, placeOrder: 4 }, rateLimitWindowMs: 1_000 });
		Object.assign(pacing, { windowMs: 1_000, limits: { ...PLUM_RATE_LIMITS, placeOrder: 4 } });

		const [first, second] = await Promise.all([
			runPlumNode(sandbox.helper, placeOrders({ concurrency: 10 }), people(6, 'a')),
			runPlumNode(sandbox.helper, placeOrders({ concurrency: 10 }), people(5, 'b')),
		]);

		expect(first.error).toBeUndefined();
		expect(second.error).toBeUndefined();
		expect(first.items.map((item) => item.json.poNumber)).toEqual(people(6, 'a').map((person) => person.po));
		expect(second.items.map((item) => item.json.poNumber)).toEqual(people(5, 'b').map((person) => person.po));
		const { placeOrder } = await sandbox.admin.rateLimits();
		expect(placeOrder).toMatchObject({ limit: 4, limited: 0 });
		expect(placeOrder.peakPerWindow).toBeGreaterThan(1);
		expect(placeOrder.peakPerWindow).toBeLessThanOrEqual(4);
		expect(await sandbox.admin.orders()).toHaveLength(11);
	});

	it('still waits out a 429 with penaltySeconds (another process on the account) and places every order', async () => {
		// The sandbox allows 2 while the pacer allows Plum's 100: the third call is refused for 1 s.
		await sandbox.reset({ rateLimits: { ...PLUM_RATE_LIMITS, placeOrder: 2 } });

		const { items, error } = await runPlumNode(sandbox.helper, placeOrders({ concurrency: 3 }), people(4));

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.poNumber)).toEqual(['po-0', 'po-1', 'po-2', 'po-3']);
		expect((await sandbox.admin.rateLimits()).placeOrder.limited).toBeGreaterThanOrEqual(1);
		for (const person of people(4)) expect(await sandbox.admin.orders(person.po)).toHaveLength(1);
	});
});
