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

	it('shows the current status in the order history, under the day the order was placed', async () => {
		const placedOrder = async (poNumber: string) =>
			(await placeOrder(sandbox, { productId: SEEDED_PRODUCT_IDS.delayed, denomination: 25, poNumber })).data.data.placeOrder.data;
		const later = await placedOrder('HIST-DELIVERED');
		const dropped = await placedOrder('HIST-CANCELED');
		const history = async () => {
			const clock = await sandbox.admin.clock();
			const day = new Date(clock.now + 5.5 * 60 * 60 * 1000).toISOString().slice(0, 10);
			const answer = await callApi(sandbox, 'plumProAPI.mutation.getOrderHistory', {
				data: { startDate: day, endDate: day, page: 1, limit: 10 },
			});
			return Object.fromEntries(
				(answer.data.data.getOrderHistory.data as Array<{ poNumber: string; deliveryStatus: string }>).map((row) => [row.poNumber, row.deliveryStatus]),
			);
		};
		expect(await history()).toEqual({ 'HIST-DELIVERED': 'pending', 'HIST-CANCELED': 'pending' });

		await sandbox.admin.completeOrder(later.orderId);
		await sandbox.admin.cancelOrder(dropped.orderId);

		expect(await history()).toEqual({ 'HIST-DELIVERED': 'delivered', 'HIST-CANCELED': 'canceled' });
	});
});
