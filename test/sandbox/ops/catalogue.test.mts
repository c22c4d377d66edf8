import { describe, expect, it } from 'vitest';
import { callApi, useSandbox, type SandboxFixture } from '../../support/sandbox.mts';

const vouchers = (fixture: SandboxFixture, data: Record<string, unknown>) =>
	callApi(fixture, 'plumProAPI.mutation.getVouchers', { data });

describe('sandbox gift-card catalogue', () => {
	const sandbox = useSandbox({ credentials: false });

	it('serves the captured filters, by group code case-insensitively, with include/exclude', async () => {
		const all = await callApi(sandbox, 'plumProAPI.mutation.getFilters', {
			data: { filterGroupCode: '' },
		});
		expect(all.data.data.getFilters.data.length).toBeGreaterThan(5);
		const country = await callApi(sandbox, 'plumProAPI.mutation.getFilters', {
			data: {
				filterGroupCode: 'Country',
				includeFilters: 'india,usa,germany',
				excludeFilters: 'germany',
			},
		});
		const group = country.data.data.getFilters.data;
		expect(group).toHaveLength(1);
		expect(group[0].filters.map((f: { filterValueCode: string }) => f.filterValueCode)).toEqual([
			'india',
			'usa',
		]);
		const bad = await callApi(sandbox, 'plumProAPI.mutation.getFilters', {
			data: { filterGroupCode: 'planet' },
		});
		expect(bad.status).toBe(404);
		expect(bad.data.errorId).toBe('PLE10029');
	});

	it('pages the catalogue and keeps the fixture oddities', async () => {
		const first = await vouchers(sandbox, { limit: 50, page: 1 });
		const items = first.data.data.getVouchers.data;
		expect(items).toHaveLength(50);
		expect(items[0]).toMatchObject({ productId: 27218, isCommon: '0', exchangeRate: null });
		expect(items[0].description).toContain('<p>');
		let total = 0;
		for (let page = 1; ; page++) {
			const response = await vouchers(sandbox, { limit: 50, page });
			if (response.status === 404) {
				expect(response.data).toEqual({
					code: 404,
					errorId: 'PLE10030',
					errorInfo: 'Failed to find vouchers.',
					error: 'No Vouchers Found',
				});
				break;
			}
			total += response.data.data.getVouchers.data.length;
		}
		expect(total).toBe(10 + 5 + 120);
	});

	it('filters by name, country, currency with price range, delivery type, ids and sorts', async () => {
		const names = await vouchers(sandbox, {
			limit: 100,
			page: 1,
			filters: [{ key: 'productName', value: 'AMAZON' }],
		});
		expect(names.data.data.getVouchers.data.map((p: { productId: number }) => p.productId)).toEqual(
			[27222],
		);

		const india = await vouchers(sandbox, {
			limit: 100,
			page: 1,
			filters: [{ key: 'country', value: 'india' }],
		});
		const byCode = await vouchers(sandbox, {
			limit: 100,
			page: 1,
			filters: [{ key: 'country', value: 'IN' }],
		});
		expect(india.data.data.getVouchers.data.length).toBeGreaterThan(10);
		expect(byCode.data.data.getVouchers.data).toEqual(india.data.data.getVouchers.data);

		const priced = await vouchers(sandbox, {
			limit: 200,
			page: 1,
			filters: [
				{ key: 'currencyCode', value: 'USD' },
				{ key: 'minPrice', value: '600' },
				{ key: 'maxPrice', value: '2000' },
			],
		});
		for (const product of priced.data.data.getVouchers.data)
			expect(product.currencyCode).toBe('USD');
		expect(
			priced.data.data.getVouchers.data.map((p: { productId: number }) => p.productId),
		).toContain(27222);
		expect(
			priced.data.data.getVouchers.data.map((p: { productId: number }) => p.productId),
		).not.toContain(27218);

		// Without currencyCode the price bounds are ignored, as Plum documents.
		const unbounded = await vouchers(sandbox, {
			limit: 10,
			page: 1,
			filters: [{ key: 'minPrice', value: '100000' }],
		});
		expect(unbounded.status).toBe(200);

		const delayed = await vouchers(sandbox, {
			limit: 100,
			page: 1,
			filters: [{ key: 'deliveryType', value: 'delayed' }],
		});
		for (const product of delayed.data.data.getVouchers.data)
			expect(product.deliveryType).toBe('delayed');

		const picked = await vouchers(sandbox, {
			limit: 10,
			page: 1,
			includeProducts: '27218,27222,29847',
			excludeProducts: '27222',
			sort: { field: 'name', order: 'DESC' },
		});
		expect(
			picked.data.data.getVouchers.data.map((p: { productId: number }) => p.productId),
		).toEqual([27218, 29847]);

		const badKey = await vouchers(sandbox, {
			limit: 10,
			page: 1,
			filters: [{ key: 'colour', value: 'red' }],
		});
		expect(badKey.status).toBe(400);
		expect(badKey.data.errorId).toBe('PLE10033');
	});

	it('falls back to a built-in catalogue and filters without the fixtures', async () => {
		await sandbox.reset({ fixturesDir: null, catalogueSize: 0 });
		const all = await vouchers(sandbox, { limit: 100, page: 1 });
		expect(all.data.data.getVouchers.data.length).toBe(3 + 5);
		const filters = await callApi(sandbox, 'plumProAPI.mutation.getFilters', {
			data: { filterGroupCode: 'currency' },
		});
		expect(filters.data.data.getFilters.data[0].filterGroupCode).toBe('currencyCode');
	});
});
