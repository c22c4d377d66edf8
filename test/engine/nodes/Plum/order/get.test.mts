import { describe, expect, it } from 'vitest';

import { runPlumNode } from '../../../../support/engine.mts';
import { SEEDED_PRODUCT_IDS, useSandbox } from '../../../../support/sandbox.mts';

describe('order.get and order.getAll', () => {
	const sandbox = useSandbox();

	async function placeTwoOrders() {
		await runPlumNode(
			sandbox.helper,
			{
				parameters: {
					resource: 'order',
					operation: 'create',
					productId: { __rl: true, mode: 'id', value: String(SEEDED_PRODUCT_IDS.realtimeFixed) },
					denomination: 10,
					quantity: 1,
					poNumber: '={{ $json.po }}',
					email: 'ana@example.com',
					additionalFields: { tag: 'survey' },
				},
			},
			[{ po: 'po-1' }, { po: 'po-2' }],
		);
		return await sandbox.admin.orders();
	}

	it('gets an order by poNumber and by orderId', async () => {
		// Placed at once (Orders in Flight), so Plum may store po-2 first.
		const first = (await placeTwoOrders()).find((order) => order.poNumber === 'po-1')!;
		const byPo = await runPlumNode(sandbox.helper, { parameters: { resource: 'order', operation: 'get', lookupBy: 'poNumber', poNumber: 'po-1' } });
		const byId = await runPlumNode(sandbox.helper, { parameters: { resource: 'order', operation: 'get', lookupBy: 'orderId', orderId: first.orderId } });

		expect(byPo.items[0].json).toMatchObject({ orderId: first.orderId });
		expect(byId.items[0].json).toMatchObject({ orderId: first.orderId });
		expect(byId.items[0].json).toEqual(byPo.items[0].json);
	});

	it('explains an unknown poNumber', async () => {
		const { error } = await runPlumNode(sandbox.helper, { parameters: { resource: 'order', operation: 'get', lookupBy: 'poNumber', poNumber: 'nope' } });
		expect(error?.message).toBe('Plum has no order with the PO number "nope"');
		expect(error?.description).toMatch(/No order has this order ID or poNumber/);
	});

	it('getAll returns the history between two dates, one item per order', async () => {
		await placeTwoOrders();
		// Plum's dates are IST: from 18:30 UTC on, the orders are placed on the next IST day.
		const today = new Date(Date.now() + 5.5 * 3600 * 1000).toISOString().slice(0, 10);
		const { items, error } = await runPlumNode(sandbox.helper, {
			parameters: { resource: 'order', operation: 'getAll', startDate: '2020-01-01', endDate: `${today}T23:59:59`, returnAll: true },
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.poNumber).sort()).toEqual(['po-1', 'po-2']);
	});

	it('getAll rejects an end date before the start date before calling Plum', async () => {
		const { error } = await runPlumNode(sandbox.helper, {
			parameters: { resource: 'order', operation: 'getAll', startDate: '2026-02-01', endDate: '2026-01-01', returnAll: true },
		});
		expect(error?.message).toMatch(/Invalid End Date: "2026-01-01"\. It must not be before the Start Date \(2026-02-01\)/);
		expect(await sandbox.admin.requests()).toHaveLength(0);
	});
});
