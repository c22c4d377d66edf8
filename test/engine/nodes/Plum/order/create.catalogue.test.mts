import { describe, expect, it } from 'vitest';

import { getDenominations, searchProducts } from '../../../../../nodes/Plum/methods/pickers';
import { loadOptionsContext, runPlumNode } from '../../../../support/engine.mts';
import { SEEDED_PRODUCT_IDS, useSandbox } from '../../../../support/sandbox.mts';

const PRODUCT = SEEDED_PRODUCT_IDS.realtimeFixed;

function placeOrder(overrides: Record<string, unknown> = {}) {
	return {
		parameters: {
			resource: 'order',
			operation: 'create',
			productId: { __rl: true, mode: 'id', value: String(PRODUCT) },
			denomination: 25,
			quantity: 1,
			poNumber: '={{ $json.po }}',
			email: 'ana@example.com',
			...overrides,
		},
	};
}

describe('order.create validates against the catalogue the process keeps', () => {
	const sandbox = useSandbox();

	const calls = async (op?: string) => (await sandbox.admin.requests()).filter((request) => op === undefined || request.op === op);

	it('costs one request per order in steady state, also with one order per execution', async () => {
		// The first execution looks the product up once; the next ones are answered from the process's catalogue.
		expect((await runPlumNode(sandbox.helper, placeOrder(), [{ po: 'warm-up' }])).error).toBeUndefined();
		// (and the stored credential gets its first access token)
		expect((await calls()).map((request) => request.op)).toEqual(['refresh', 'getVouchers', 'placeOrder']);
		await sandbox.admin.clearRequests();

		const executions = 6;
		for (let index = 0; index < executions; index++) {
			const { items, error } = await runPlumNode(sandbox.helper, placeOrder(), [{ po: `single-${index}` }]);
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ poNumber: `single-${index}`, replayed: false });
		}

		const requests = await calls();
		expect(requests.length / executions).toBe(1);
		expect(requests.every((request) => request.op === 'placeOrder')).toBe(true);
	});

	it('refreshes the product when Plum answers PLE10018, and re-checks it before failing: nothing is ordered', async () => {
		await runPlumNode(sandbox.helper, placeOrder(), [{ po: 'warm-up' }]);
		// Plum stops offering 25 after the process kept the product.
		await sandbox.admin.updateProduct(PRODUCT, { valueDenominations: '100,10,50' });

		const { items, error } = await runPlumNode(sandbox.helper, placeOrder(), [{ po: 'stale' }]);

		expect(items).toHaveLength(0);
		expect(error?.message).toMatch(/Invalid Denomination: 25\. .*offered in 10, 50, 100 USD/);
		const placeOrders = await calls('placeOrder');
		expect(placeOrders.map((request) => request.status)).toEqual([200, 400]);
		expect(await calls('getVouchers')).toHaveLength(2);
		expect(await sandbox.admin.orders('stale')).toHaveLength(0);

		// The next execution is refused before any order is sent (after one more look at Plum).
		await sandbox.admin.clearRequests();
		const again = await runPlumNode(sandbox.helper, placeOrder(), [{ po: 'stale-2' }]);
		expect(again.error?.message).toMatch(/Invalid Denomination: 25/);
		expect((await calls()).map((request) => request.op)).toEqual(['getVouchers']);
	});

	it('re-checks at Plum before refusing a denomination the kept product lacks, and places the order when Plum now offers it', async () => {
		await runPlumNode(sandbox.helper, placeOrder(), [{ po: 'warm-up' }]);
		await sandbox.admin.updateProduct(PRODUCT, { valueDenominations: '100,10,50,25,30' });
		await sandbox.admin.clearRequests();

		const { items, error } = await runPlumNode(sandbox.helper, placeOrder({ denomination: 30 }), [{ po: 'new-value-a' }, { po: 'new-value-b' }]);

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.poNumber)).toEqual(['new-value-a', 'new-value-b']);
		expect(await calls('getVouchers')).toHaveLength(1);
		expect(await calls('placeOrder')).toHaveLength(2);
	});

	it('refreshes the product when Plum answers PLE10017 and fails naming the product', async () => {
		await runPlumNode(sandbox.helper, placeOrder(), [{ po: 'warm-up' }]);
		await sandbox.admin.removeProduct(PRODUCT);

		const { error } = await runPlumNode(sandbox.helper, placeOrder(), [{ po: 'gone' }]);

		expect(error?.message).toMatch(new RegExp(`Invalid Product: ${PRODUCT}\\. .*no product with this ID`));
		expect((await calls('placeOrder')).map((request) => request.status)).toEqual([200, 404]);
		expect(await sandbox.admin.orders('gone')).toHaveLength(0);
	});

	it('shares the catalogue with the pickers: a product picked from the list is ordered with one request', async () => {
		const context = loadOptionsContext(sandbox.helper, { productId: { __rl: true, mode: 'list', value: String(PRODUCT) } });
		await searchProducts.call(context, 'Sandbox Realtime');
		expect((await getDenominations.call(context)).map((option) => option.value)).toEqual([10, 25, 50, 100]);
		expect(await calls('getVouchers')).toHaveLength(1);
		await sandbox.admin.clearRequests();

		const { error } = await runPlumNode(sandbox.helper, placeOrder(), [{ po: 'picked' }]);

		expect(error).toBeUndefined();
		expect((await calls()).map((request) => request.op)).toEqual(['placeOrder']);
	});
});
