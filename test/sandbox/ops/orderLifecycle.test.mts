import { describe, expect, it } from 'vitest';
import { SEEDED_PRODUCT_IDS } from '../../../sandbox/catalogue.mts';
import { callApi, placeOrder, useSandbox } from '../../support/sandbox.mts';

describe('sandbox gift-card order lifecycle', () => {
	const sandbox = useSandbox({ credentials: false });

	it('keeps delayed orders pending without vouchers until completed', async () => {
		// The documented answer carries the dates this test reads; the live one has none.
		await sandbox.reset({ orderAnswers: 'documented' });
		const placed = await placeOrder(sandbox, {
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
});
