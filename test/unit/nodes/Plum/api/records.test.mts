import { describe, expect, it } from 'vitest';

import { toOrder, toProduct } from '../../../../../nodes/Plum/api/records';
import getOrderDetailsFixture from '../../../../fixtures/plum-responses/getOrderDetailsResponse.json';
import placeOrderFixture from '../../../../fixtures/plum-responses/placeOrderResponse.json';
import productFixture from '../../../../fixtures/plum-responses/product.json';

type Answer<K extends string> = { data: Record<K, { data: Record<string, unknown> }> };

describe('records', () => {
	it('reads the live placeOrder and getOrderDetails bodies', () => {
		const placed = toOrder((placeOrderFixture as Answer<'placeOrder'>).data.placeOrder.data as never);
		expect(placed.orderDiscount).toBeNull();
		expect(typeof placed.orderId).toBe('number');
		expect(placed.vouchers?.[0]).toMatchObject({ productId: 29877, amount: 25 });
		const details = toOrder((getOrderDetailsFixture as Answer<'getOrderDetails'>).data.getOrderDetails.data as never);
		expect(typeof details.discountPercent).toBe('number');
		expect(details.deliveryStatus).toBe('delivered');
	});

	it('reads the live product: HTML kept, the default quantity limit, the rules spelled out', () => {
		const product = toProduct(productFixture as never);
		expect(String(product.description)).toMatch(/</);
		expect(product.quantityLimit).toBe(10);
		expect(typeof product.productId).toBe('number');
		expect(Array.isArray(product.denominations)).toBe(true);
	});
});
