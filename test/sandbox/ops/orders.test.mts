import { describe, expect, it } from 'vitest';
import { SEEDED_PRODUCT_IDS } from '../../../sandbox/catalogue.mts';
import { callApi, placeOrder, useSandbox } from '../../support/sandbox.mts';

const today = () => new Date(Date.now() + 5.5 * 3600 * 1000).toISOString().slice(0, 10);

describe('sandbox gift-card orders', () => {
	const sandbox = useSandbox({ credentials: false });

	it('places a realtime order in the fixture shape with numbers sent as strings', async () => {
		const response = await placeOrder(sandbox, {
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
		const noDiscount = await placeOrder(sandbox, {
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
		const first = await placeOrder(sandbox, {
			productId: 27218,
			denomination: 10,
			poNumber: 'DUP-1',
		});
		const again = await placeOrder(sandbox, {
			productId: 27218,
			denomination: 10,
			poNumber: 'DUP-1',
		});
		expect(again.status).toBe(422);
		expect(again.data).toMatchObject({ code: 422, errorId: 'PLE10004' });
		expect(again.data.error).toMatch(/poNumber already exists/);
		await sandbox.admin.cancelOrder(first.data.data.placeOrder.data.orderId);
		const reused = await placeOrder(sandbox, {
			productId: 27218,
			denomination: 10,
			poNumber: 'DUP-1',
		});
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
		const response = await placeOrder(sandbox, data);
		expect(response.status).toBe(status);
		expect(response.data).toMatchObject({ code: status, errorId });
		expect(typeof response.data.errorInfo).toBe('string');
		expect(await sandbox.admin.orders()).toHaveLength(0);
	});

	it('accepts a phone number in the documented format', async () => {
		const response = await placeOrder(sandbox, {
			productId: SEEDED_PRODUCT_IDS.phoneMandatory,
			denomination: 100,
			poNumber: 'PH-1',
			contact: '+91-9876543210',
		});
		expect(response.status).toBe(200);
	});

	it('finds orders by poNumber or orderId and answers PLE10016 otherwise', async () => {
		const placed = await placeOrder(sandbox, {
			productId: 27218,
			denomination: 25,
			poNumber: 'FIND-1',
		});
		const byPo = await callApi(sandbox, 'plumProAPI.mutation.getOrderDetails', {
			data: { poNumber: 'FIND-1', orderId: null, sendMailToReceiver: 1 },
		});
		// The live API answers getOrderDetails with exactly placeOrder's keys (test/fixtures/plum-responses).
		expect(byPo.data.data.getOrderDetails.data).toEqual(placed.data.data.placeOrder.data);
		expect((await sandbox.admin.orders('FIND-1'))[0].mailResends).toBe(1);
		const missing = await callApi(sandbox, 'plumProAPI.mutation.getOrderDetails', {
			data: { poNumber: 'NOPE', orderId: 0 },
		});
		expect(missing.status).toBe(404);
		expect(missing.data.errorId).toBe('PLE10016');
	});

	it('answers placeOrder and getOrderDetails with the live keys, or the documented ones on request', async () => {
		const live = (await import('../../fixtures/plum-responses/getOrderDetailsResponse.json')).default.data.getOrderDetails.data;
		const placed = await placeOrder(sandbox, { productId: 27218, denomination: 25, poNumber: 'KEYS-1' });
		const details = await callApi(sandbox, 'plumProAPI.mutation.getOrderDetails', { data: { poNumber: 'KEYS-1', orderId: null } });
		for (const answer of [placed.data.data.placeOrder.data, details.data.data.getOrderDetails.data]) {
			expect(Object.keys(answer).sort()).toEqual(Object.keys(live).sort());
			expect(Object.keys(answer.vouchers[0]).sort()).toEqual(Object.keys(live.vouchers[0]).sort());
		}

		await sandbox.reset({ orderAnswers: 'documented' });
		await placeOrder(sandbox, { productId: 27218, denomination: 25, poNumber: 'KEYS-2' });
		const documented = await callApi(sandbox, 'plumProAPI.mutation.getOrderDetails', { data: { poNumber: 'KEYS-2', orderId: null } });
		expect(documented.data.data.getOrderDetails.data).toMatchObject({ quantity: 1, voucherDetails: [expect.objectContaining({ productId: 27218, denomination: 25 })] });
		expect(documented.data.data.getOrderDetails.data.orderDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
	});

	it('lists order history between dates and validates the dates', async () => {
		for (let index = 0; index < 3; index++) {
			await placeOrder(sandbox, {
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
