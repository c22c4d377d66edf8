import { describe, expect, it } from 'vitest';

import { runPlumNode } from '../../../../support/engine.mts';
import { useSandbox } from '../../../../support/sandbox.mts';
import { ana, li, orderCreate } from './fixtures.mts';

const three = [ana, li, { responseId: 'r3', email: 'mo@example.com' }];

describe('order.create budget guards', () => {
	const sandbox = useSandbox();
	const calls = async (op: string) => (await sandbox.admin.requests()).filter((request) => request.op === op).length;

	describe('Max Total Value', () => {
		it('over the cap, orders nothing and fails every item naming the cap and the total', async () => {
			const { items, error } = await runPlumNode(
				sandbox.helper,
				{ parameters: orderCreate({ maxTotalValue: 70 }, { denomination: '={{ $json.responseId === "r3" ? 50 : 10 }}', quantity: 2 }), settings: { continueOnFail: true } },
				three,
			);
			expect(error).toBeUndefined();
			// 10×2 + 10×2 + 50×2 = 140
			expect(items).toHaveLength(3);
			for (const item of items) expect(item.json.error).toMatch(/Max Total Value 70 exceeded.*140/);
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(await calls('placeOrder')).toBe(0);
		});

		it('without Continue On Fail, stops before the first order', async () => {
			const { error } = await runPlumNode(sandbox.helper, { parameters: orderCreate({ maxTotalValue: 74 }) }, three);
			expect(error?.message).toMatch(/Max Total Value 74 exceeded.*75/);
			expect(await sandbox.admin.orders()).toHaveLength(0);
		});

		it('at or under the cap, orders every item', async () => {
			const { items, error } = await runPlumNode(sandbox.helper, { parameters: orderCreate({ maxTotalValue: 75 }) }, three);
			expect(error).toBeUndefined();
			expect(items.map((item) => item.json.replayed)).toEqual([false, false, false]);
			expect(await calls('placeOrder')).toBe(3);
		});
	});

	describe('Minimum Balance', () => {
		it('reads the balance once per execution and refuses the order that would go below the floor, naming the balance', async () => {
			await sandbox.reset({ balance: { value: 100 } });
			const { items, error } = await runPlumNode(
				sandbox.helper,
				{ parameters: orderCreate({ minBalance: 55 }), settings: { continueOnFail: true } },
				three,
			);
			expect(error).toBeUndefined();
			// 100 − 25 = 75 ≥ 55; 75 − 25 = 50 < 55
			expect(items[0].json).toMatchObject({ poNumber: 'guard-r1', replayed: false });
			expect(items[1].json.error).toMatch(/Minimum Balance 55.*balance of 100 USD.*75 USD/);
			expect(items[2].json.error).toMatch(/Minimum Balance 55/);
			expect(await calls('placeOrder')).toBe(1);
			expect(await calls('getBalance')).toBe(1);
		});

		it('a refused order hands its reservation back', async () => {
			await sandbox.reset({ balance: { value: 100 } });
			// The first order is refused by Plum (a fault, nothing placed); the two after it both fit above the floor.
			// One order at a time: orders in flight together each hold their reservation until Plum answers.
			await sandbox.admin.addFault({ match: { op: 'placeOrder' }, times: 1, action: 'status', status: 400, body: { error: true, errorId: 'PLE10001', message: 'refused' } });
			const { items } = await runPlumNode(sandbox.helper, { parameters: orderCreate({ minBalance: 50, concurrency: 1 }), settings: { continueOnFail: true } }, three);
			expect(items[0].json.error).toBeDefined();
			expect(items.slice(1).map((item) => item.json.replayed)).toEqual([false, false]);
		});

		it('with orders in flight, counts every order not yet answered against the floor', async () => {
			await sandbox.reset({ balance: { value: 100 } });
			await sandbox.admin.addFault({ match: { op: 'placeOrder' }, times: 1, action: 'status', status: 400, body: { error: true, errorId: 'PLE10001', message: 'refused' } });
			const { items } = await runPlumNode(sandbox.helper, { parameters: orderCreate({ minBalance: 50, concurrency: 3 }), settings: { continueOnFail: true } }, three);
			// 100 − 25 − 25 = 50: the third cannot count on the first being refused.
			expect(items[0].json.error).toBeDefined();
			expect(items[1].json.replayed).toBe(false);
			expect(items[2].json.error).toMatch(/Minimum Balance 50/);
		});
	});
});
