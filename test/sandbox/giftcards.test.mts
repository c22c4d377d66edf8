import { describe, expect, it } from 'vitest';
import { SEEDED_PRODUCT_IDS } from '../../sandbox/catalogue.mts';
import { callApi, useSandbox, type SandboxFixture } from './helpers.mts';

const order = (fixture: SandboxFixture, data: Record<string, unknown>) =>
	callApi(fixture, 'plumProAPI.mutation.placeOrder', { data: { quantity: 1, ...data } });

const vouchers = (fixture: SandboxFixture, data: Record<string, unknown>) =>
	callApi(fixture, 'plumProAPI.mutation.getVouchers', { data });

const today = () => new Date(Date.now() + 5.5 * 3600 * 1000).toISOString().slice(0, 10);

describe('sandbox gift cards', () => {
	const sandbox = useSandbox();

	it('reports the balance and lowers it with orders', async () => {
		const before = await callApi(sandbox, 'plumProAPI.query.getBalance', { data: {} });
		expect(before.data).toEqual({
			data: { getBalance: { status: 1, data: { points: 9944, value: 50000, currency: 'USD' } } },
		});
		await order(sandbox, {
			productId: SEEDED_PRODUCT_IDS.openValue,
			denomination: 100,
			quantity: 2,
			poNumber: 'BAL-1',
		});
		const after = await callApi(sandbox, 'plumProAPI.query.getBalance', { data: {} });
		expect(after.data.data.getBalance.data.value).toBe(49800);
	});

	it('rejects an unknown query and a wrong tag', async () => {
		const unknown = await callApi(sandbox, 'plumProAPI.mutation.getBalance', { data: {} });
		expect(unknown.status).toBe(400);
		expect(unknown.data).toMatchObject({ code: 400 });
		const wrongTag = await callApi(
			sandbox,
			'plumProAPI.query.getBalance',
			{},
			{ body: { query: 'plumProAPI.query.getBalance', tag: 'xoxo_link', variables: {} } },
		);
		expect(wrongTag.status).toBe(400);
	});

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
		sandbox.seeded = await sandbox.admin.reset({ fixturesDir: null, catalogueSize: 0 });
		const all = await vouchers(sandbox, { limit: 100, page: 1 });
		expect(all.data.data.getVouchers.data.length).toBe(3 + 5);
		const filters = await callApi(sandbox, 'plumProAPI.mutation.getFilters', {
			data: { filterGroupCode: 'currency' },
		});
		expect(filters.data.data.getFilters.data[0].filterGroupCode).toBe('currencyCode');
	});

	it('places a realtime order in the fixture shape with numbers sent as strings', async () => {
		const response = await order(sandbox, {
			productId: String(SEEDED_PRODUCT_IDS.realtimeFixed),
			quantity: '2',
			denomination: '25',
			poNumber: 'PO-OK-1',
			email: 'jane@example.com',
		});
		expect(response.status).toBe(200);
		const data = response.data.data.placeOrder.data;
		expect(response.data.data.placeOrder.status).toBe(1);
		expect(data).toMatchObject({
			orderId: 7000001,
			orderTotal: 50,
			orderDiscount: '1.25',
			discountPercent: '2.5',
			amountCharged: 48.75,
			orderStatus: 'complete',
			deliveryStatus: 'delivered',
			currencyCode: 'USD',
		});
		expect(data.vouchers).toHaveLength(2);
		expect(Object.keys(data.vouchers[0]).sort()).toEqual(
			[
				'amount',
				'country',
				'currency',
				'currencyValue',
				'orderId',
				'pin',
				'productId',
				'type',
				'validity',
				'voucherCode',
			].sort(),
		);
		const noDiscount = await order(sandbox, {
			productId: 27218,
			denomination: 10,
			poNumber: 'PO-OK-2',
		});
		expect(noDiscount.data.data.placeOrder.data).toMatchObject({
			orderId: 7000002,
			orderDiscount: '',
			discountPercent: '',
		});

		const stored = await sandbox.admin.orders('PO-OK-1');
		expect(stored).toHaveLength(1);
		expect(stored[0].request).toMatchObject({
			productId: String(SEEDED_PRODUCT_IDS.realtimeFixed),
			poNumber: 'PO-OK-1',
		});
	});

	it('rejects a duplicate poNumber unless the earlier order was canceled', async () => {
		const first = await order(sandbox, { productId: 27218, denomination: 10, poNumber: 'DUP-1' });
		const again = await order(sandbox, { productId: 27218, denomination: 10, poNumber: 'DUP-1' });
		expect(again.status).toBe(422);
		expect(again.data).toMatchObject({ code: 422, errorId: 'PLE10004' });
		expect(again.data.error).toMatch(/poNumber already exists/);
		await sandbox.admin.cancelOrder(first.data.data.placeOrder.data.orderId);
		const reused = await order(sandbox, { productId: 27218, denomination: 10, poNumber: 'DUP-1' });
		expect(reused.status).toBe(200);
	});

	it.each([
		['unknown product', { productId: 123, denomination: 10, poNumber: 'E1' }, 404, 'PLE10017'],
		[
			'denomination not offered',
			{ productId: 27218, denomination: 11, poNumber: 'E2' },
			400,
			'PLE10018',
		],
		[
			'open value out of range',
			{ productId: SEEDED_PRODUCT_IDS.openValue, denomination: 501, poNumber: 'E3' },
			400,
			'PLE10018',
		],
		[
			'quantity above the default limit',
			{ productId: 27218, denomination: 10, quantity: 11, poNumber: 'E4' },
			409,
			'PLE10041',
		],
		[
			'quantity above the product limit',
			{
				productId: SEEDED_PRODUCT_IDS.quantityLimited,
				denomination: 20,
				quantity: 3,
				poNumber: 'E5',
			},
			409,
			'PLE10041',
		],
		[
			'phone missing when mandatory',
			{ productId: SEEDED_PRODUCT_IDS.phoneMandatory, denomination: 100, poNumber: 'E6' },
			400,
			'PLE10001',
		],
		['missing productId', { denomination: 10, poNumber: 'E7' }, 400, 'PLE10001'],
		['missing poNumber', { productId: 27218, denomination: 10 }, 422, 'PLE10004'],
		[
			'poNumber over 100 characters',
			{ productId: 27218, denomination: 10, poNumber: 'x'.repeat(101) },
			422,
			'PLE10004',
		],
		[
			'balance too low',
			{ productId: 29835, denomination: 131000, poNumber: 'E8' },
			502,
			'PLE10023',
		],
	])('rejects %s', async (_name, data, status, errorId) => {
		const response = await order(sandbox, data);
		expect(response.status).toBe(status);
		expect(response.data).toMatchObject({ code: status, errorId });
		expect(typeof response.data.errorInfo).toBe('string');
		expect(await sandbox.admin.orders()).toHaveLength(0);
	});

	it('accepts a phone number in the documented format', async () => {
		const response = await order(sandbox, {
			productId: SEEDED_PRODUCT_IDS.phoneMandatory,
			denomination: 100,
			poNumber: 'PH-1',
			contact: '+91-9876543210',
		});
		expect(response.status).toBe(200);
	});

	it('keeps delayed orders pending without vouchers until completed', async () => {
		const placed = await order(sandbox, {
			productId: SEEDED_PRODUCT_IDS.delayed,
			denomination: 25,
			poNumber: 'DLY-1',
		});
		expect(placed.data.data.placeOrder.data).toMatchObject({
			deliveryStatus: 'pending',
			vouchers: [],
		});
		const details = await callApi(sandbox, 'plumProAPI.mutation.getOrderDetails', {
			data: { poNumber: 'DLY-1', orderId: '0' },
		});
		expect(details.data.data.getOrderDetails.data).toMatchObject({
			deliveryStatus: 'pending',
			deliveryDate: '',
		});
		await sandbox.admin.completeOrder(placed.data.data.placeOrder.data.orderId);
		const done = await callApi(sandbox, 'plumProAPI.mutation.getOrderDetails', {
			data: { orderId: placed.data.data.placeOrder.data.orderId, poNumber: '' },
		});
		expect(done.data.data.getOrderDetails.data.deliveryStatus).toBe('delivered');
		expect(done.data.data.getOrderDetails.data.vouchers).toHaveLength(1);
		expect(done.data.data.getOrderDetails.data.orderDate).toMatch(
			/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/,
		);
	});

	it('finds orders by poNumber or orderId and answers PLE10016 otherwise', async () => {
		const placed = await order(sandbox, { productId: 27218, denomination: 25, poNumber: 'FIND-1' });
		const byPo = await callApi(sandbox, 'plumProAPI.mutation.getOrderDetails', {
			data: { poNumber: 'FIND-1', orderId: null, sendMailToReceiver: 1 },
		});
		const {
			orderDate: _date,
			deliveryDate: _delivery,
			...sameAsPlaced
		} = byPo.data.data.getOrderDetails.data;
		sameAsPlaced.voucherDetails = sameAsPlaced.voucherDetails.map(
			({ cancelledQuantity: _q, ...rest }: Record<string, unknown>) => rest,
		);
		expect(sameAsPlaced).toEqual(placed.data.data.placeOrder.data);
		expect((await sandbox.admin.orders('FIND-1'))[0].mailResends).toBe(1);
		const missing = await callApi(sandbox, 'plumProAPI.mutation.getOrderDetails', {
			data: { poNumber: 'NOPE', orderId: 0 },
		});
		expect(missing.status).toBe(404);
		expect(missing.data.errorId).toBe('PLE10016');
	});

	it('lists order history between dates and validates the dates', async () => {
		for (let index = 0; index < 3; index++) {
			await order(sandbox, {
				productId: 27218,
				denomination: 10,
				poNumber: `H-${index}`,
				tag: index === 0 ? 'vip' : '',
			});
		}
		const history = await callApi(sandbox, 'plumProAPI.mutation.getOrderHistory', {
			data: { startDate: today(), endDate: today(), limit: 2, page: 1 },
		});
		const rows = history.data.data.getOrderHistory.data;
		expect(rows).toHaveLength(2);
		expect(rows[0]).toMatchObject({ poNumber: 'H-2', deliveryStatus: 'delivered' });
		expect(rows[0].products[0]).toMatchObject({ productId: 27218, quantity: 1, price: 10 });
		const tagged = await callApi(sandbox, 'plumProAPI.mutation.getOrderHistory', {
			data: { startDate: today(), endDate: today(), limit: 10, page: 1, tag: 'vip' },
		});
		expect(
			tagged.data.data.getOrderHistory.data.map((row: { poNumber: string }) => row.poNumber),
		).toEqual(['H-0']);

		const badFormat = await callApi(sandbox, 'plumProAPI.mutation.getOrderHistory', {
			data: { startDate: '01-01-2024', endDate: today(), limit: 10, page: 1 },
		});
		expect(badFormat.status).toBe(400);
		expect(badFormat.data.errorId).toBe('PLE10032');
		const reversed = await callApi(sandbox, 'plumProAPI.mutation.getOrderHistory', {
			data: { startDate: '2024-02-01', endDate: '2024-01-01', limit: 10, page: 1 },
		});
		expect(reversed.data.errorId).toBe('PLE10032');
		const none = await callApi(sandbox, 'plumProAPI.mutation.getOrderHistory', {
			data: { startDate: '2020-01-01', endDate: '2020-01-31', limit: 10, page: 1 },
		});
		expect(none.status).toBe(404);
		expect(none.data.errorId).toBe('PLE10022');
	});
});

describe('sandbox paymentHistory envelopes', () => {
	const sandbox = useSandbox();
	const fields = () => ({ startDate: '2000-01-01', endDate: '2100-01-01', limit: 10, page: 1 });
	const envelopes = {
		dataData: () => ({
			query: 'plumProAPI.mutation.paymentHistory',
			tag: 'plumProAPI',
			data: { data: fields() },
		}),
		data: () => ({
			query: 'plumProAPI.mutation.paymentHistory',
			tag: 'plumProAPI',
			data: fields(),
		}),
		variablesData: () => ({
			query: 'plumProAPI.mutation.paymentHistory',
			tag: 'plumProAPI',
			variables: { data: fields() },
		}),
	};

	it.each(Object.keys(envelopes) as Array<keyof typeof envelopes>)(
		'reads the %s envelope, alone when pinned',
		async (envelope) => {
			sandbox.seeded = await sandbox.admin.reset({ paymentEnvelope: envelope });
			for (const [name, build] of Object.entries(envelopes)) {
				const response = await callApi(
					sandbox,
					'plumProAPI.mutation.paymentHistory',
					{},
					{ body: build() },
				);
				if (name === envelope) {
					expect(response.status).toBe(200);
					const rows = response.data.data.paymentHistory.data;
					expect(rows[0]).toMatchObject({ reason: 'Funds added', transaction_status: 'Complete' });
					expect(typeof rows[0].reference_id).toBe('string');
					expect(Object.keys(rows[0]).sort()).toEqual([
						'adjusted_amount',
						'closing_balance',
						'date',
						'invoice_number',
						'reason',
						'reference_id',
						'transaction_status',
					]);
				} else {
					expect(response.status).toBe(400);
					expect(response.data.errorId).toBe('PLE10002');
				}
			}
		},
	);

	it('accepts every envelope by default, lists orders, and can answer under getPaymentReport', async () => {
		for (const build of Object.values(envelopes)) {
			expect(
				(await callApi(sandbox, 'plumProAPI.mutation.paymentHistory', {}, { body: build() }))
					.status,
			).toBe(200);
		}
		await order(sandbox, { productId: 27218, denomination: 10, poNumber: 'PAY-1' });
		const rows = (
			await callApi(
				sandbox,
				'plumProAPI.mutation.paymentHistory',
				{},
				{ body: envelopes.dataData() },
			)
		).data.data.paymentHistory.data;
		expect(rows[0]).toMatchObject({
			reason: 'Brand vouchers issued',
			adjusted_amount: 10,
			closing_balance: 49990,
		});

		sandbox.seeded = await sandbox.admin.reset({ paymentResponseKey: 'getPaymentReport' });
		const renamed = await callApi(
			sandbox,
			'plumProAPI.mutation.paymentHistory',
			{},
			{ body: envelopes.dataData() },
		);
		expect(renamed.data.data.getPaymentReport.status).toBe(1);
	});
});
