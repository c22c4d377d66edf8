import { describe, expect, it } from 'vitest';

import { runPlumNode } from '../../../../support/engine.mts';
import { SEEDED_PRODUCT_IDS, useSandbox } from '../../../../support/sandbox.mts';

describe('voucher', () => {
	const sandbox = useSandbox();

	it('getAll with Return All pages through the whole catalogue, one item per product', async () => {
		const { items, error } = await runPlumNode(sandbox.helper, { parameters: { resource: 'voucher', operation: 'getAll', returnAll: true } });

		expect(error).toBeUndefined();
		const ids = items.map((item) => item.json.productId);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.length).toBeGreaterThan(120);
		const pages = (await sandbox.admin.requests()).filter((request) => request.op === 'getVouchers');
		expect(pages.length).toBe(Math.ceil(ids.length / 100) + (ids.length % 100 === 0 ? 1 : 0));
	});

	it('getAll with a Limit stops at the limit', async () => {
		const { items } = await runPlumNode(sandbox.helper, { parameters: { resource: 'voucher', operation: 'getAll', returnAll: false, limit: 7 } });
		expect(items).toHaveLength(7);
	});

	it('getAll takes the live catalogue as it is: strings for numbers, unsorted denominations, HTML', async () => {
		const { items } = await runPlumNode(sandbox.helper, {
			parameters: { resource: 'voucher', operation: 'getAll', returnAll: true, options: { includeProducts: '27218' } },
		});
		const [lowes] = items.map((item) => item.json);
		expect(lowes).toMatchObject({ productId: 27218, name: 'Lowes eGift Voucher', denominations: [10, 25, 50], phoneRequired: false, quantityLimit: 10 });
		expect(String(lowes.description)).toContain('<p>');
	});

	it('getAll applies the filters', async () => {
		const { items } = await runPlumNode(sandbox.helper, {
			parameters: {
				resource: 'voucher',
				operation: 'getAll',
				returnAll: true,
				filters: { productName: 'sandbox', currencyCode: 'USD', deliveryType: 'delayed' },
			},
		});
		expect(items.length).toBeGreaterThan(0);
		for (const { json } of items) {
			expect(String(json.name).toLowerCase()).toContain('sandbox');
			expect(json).toMatchObject({ currencyCode: 'USD', deliveryType: 'delayed' });
		}
		const [request] = (await sandbox.admin.requests()).filter((entry) => entry.op === 'getVouchers');
		expect(JSON.stringify(request.body)).toContain('"key":"deliveryType","value":"delayed"');
	});

	it('getAll rejects a price filter without a currency before calling Plum', async () => {
		const { error } = await runPlumNode(sandbox.helper, {
			parameters: { resource: 'voucher', operation: 'getAll', returnAll: true, filters: { minPrice: 10 } },
		});
		expect(error?.message).toMatch(/Invalid Min Price: 10\. .*together with a currency/);
		expect(await sandbox.admin.requests()).toHaveLength(0);
	});

	it('getAll returns nothing, not an error, when no product matches', async () => {
		const { items, error } = await runPlumNode(sandbox.helper, {
			parameters: { resource: 'voucher', operation: 'getAll', returnAll: true, filters: { productName: 'no such product anywhere' } },
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(0);
	});

	it('get returns one product with its ordering rules', async () => {
		const { items } = await runPlumNode(sandbox.helper, {
			parameters: { resource: 'voucher', operation: 'get', productId: { __rl: true, mode: 'list', value: String(SEEDED_PRODUCT_IDS.openValue) } },
		});
		expect(items.map((item) => item.json)).toEqual([
			expect.objectContaining({ productId: SEEDED_PRODUCT_IDS.openValue, valueType: 'open_value', minValue: 5, maxValue: 500 }),
		]);
	});

	it('getFilters returns one item per filter group', async () => {
		const { items } = await runPlumNode(sandbox.helper, { parameters: { resource: 'voucher', operation: 'getFilters', filterGroupCode: 'country' } });
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ filterGroupCode: 'country' });
		expect((items[0].json.filters as unknown[]).length).toBeGreaterThan(10);
	});

	it('waits out a rate-limit penalty and then succeeds', async () => {
		await sandbox.reset({ rateLimits: { getFilters: 1 }, penaltySeconds: 1 });
		await runPlumNode(sandbox.helper, { parameters: { resource: 'voucher', operation: 'getFilters', filterGroupCode: 'country' } });

		const { items, error } = await runPlumNode(sandbox.helper, { parameters: { resource: 'voucher', operation: 'getFilters', filterGroupCode: 'country' } });

		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const statuses = (await sandbox.admin.requests()).filter((request) => request.op === 'getFilters').map((request) => request.status);
		expect(statuses).toContain(429);
		expect(statuses.at(-1)).toBe(200);
	});
});
