import { describe, expect, it } from 'vitest';

import getOrderDetailsFixture from '../../../../../../shared/fixtures/plum-responses/getOrderDetailsResponse.json';
import placeOrderFixture from '../../../../../../shared/fixtures/plum-responses/placeOrderResponse.json';
import productFixture from '../../../../../../shared/fixtures/plum-responses/product.json';
import { plumTimestampToIso, readDate, toLinkExpiry, toPlumDate } from '../../../../../nodes/Plum/helpers/dates';
import { toNumber } from '../../../../../nodes/Plum/helpers/normalize';
import { normalizeOrder } from '../../../../../nodes/Plum/helpers/orders';
import { collectPages } from '../../../../../nodes/Plum/helpers/pagination';
import { normalizeProduct, orderProblem } from '../../../../../nodes/Plum/helpers/products';

describe('dates', () => {
	it('reads Plum timestamps as IST', () => {
		expect(plumTimestampToIso('2026-11-20 10:00:00')).toBe('2026-11-20T10:00:00.000+05:30');
		expect(plumTimestampToIso('')).toBeNull();
		expect(plumTimestampToIso('not a date')).toBeNull();
	});

	it('formats the dates Plum expects', () => {
		const date = readDate('2026-03-09T18:00:00')!;
		expect(toPlumDate(date)).toBe('2026-03-09');
		expect(toLinkExpiry(date)).toBe('09-03-2026');
		expect(readDate('')).toBeUndefined();
		expect(toPlumDate(readDate('09-03-2026')!)).toBe('2026-03-09');
	});
});

describe('normalize', () => {
	it('turns numeric strings into numbers and "" into null', () => {
		expect(toNumber('0.35')).toBe(0.35);
		expect(toNumber('')).toBeNull();
		expect(toNumber('IN,US')).toBe('IN,US');
	});

	it('normalizes the live placeOrder and getOrderDetails bodies', () => {
		const placed = normalizeOrder((placeOrderFixture as { data: { placeOrder: { data: Record<string, unknown> } } }).data.placeOrder.data as never);
		expect(placed.orderDiscount).toBeNull();
		expect(typeof placed.orderId).toBe('number');
		const details = normalizeOrder((getOrderDetailsFixture as { data: { getOrderDetails: { data: Record<string, unknown> } } }).data.getOrderDetails.data as never);
		expect(typeof details.discountPercent).toBe('number');
	});
});

describe('products', () => {
	const product = normalizeProduct(productFixture as never);

	it('keeps HTML and reads the odd live values', () => {
		expect(String(product.description)).toMatch(/</);
		expect(product.quantityLimit).toBe(10);
	});

	it('explains what a product allows', () => {
		const fixed = normalizeProduct({ productId: 1, name: 'Card', currencyCode: 'USD', valueType: 'fixed_denomination', valueDenominations: '100,1000,200', orderQuantityLimit: '' } as never);
		expect(fixed.denominations).toEqual([100, 200, 1000]);
		expect(orderProblem(fixed, { denomination: 200, quantity: 1, contact: '' })).toBeUndefined();
		expect(orderProblem(fixed, { denomination: 150, quantity: 1, contact: '' })).toMatchObject({ field: 'Denomination', allowed: '"Card" is offered in 100, 200, 1000 USD.' });
		expect(orderProblem(fixed, { denomination: 100, quantity: 11, contact: '' })).toMatchObject({ field: 'Quantity' });

		// Live data has products whose maxValue is below minValue: such a max is no limit.
		const open = normalizeProduct({ productId: 2, name: 'Open', currencyCode: 'USD', valueType: 'open_value', minValue: 5, maxValue: 1 } as never);
		expect(orderProblem(open, { denomination: 5000, quantity: 1, contact: '' })).toBeUndefined();
		expect(orderProblem(open, { denomination: 1, quantity: 1, contact: '' })).toMatchObject({ allowed: '"Open" takes any value at least 5 USD.' });

		const phone = normalizeProduct({ productId: 3, name: 'Topup', valueType: 'fixed_denomination', valueDenominations: '10', isPhoneNumberMandatory: '1' } as never);
		expect(orderProblem(phone, { denomination: 10, quantity: 1, contact: ' ' })).toMatchObject({ field: 'Contact' });
	});
});

describe('collectPages', () => {
	const source = Array.from({ length: 230 }, (_, index) => ({ id: index }));
	const pagesOf = (calls: number[]) => async (page: number, size: number) => {
		calls.push(page);
		return source.slice((page - 1) * size, page * size);
	};

	it('returns everything for Return All and stops at a short page', async () => {
		const calls: number[] = [];
		expect(await collectPages(pagesOf(calls), Infinity)).toHaveLength(230);
		expect(calls).toEqual([1, 2, 3]);
	});

	it('stops at the limit', async () => {
		const calls: number[] = [];
		expect(await collectPages(pagesOf(calls), 7)).toHaveLength(7);
		expect(calls).toEqual([1]);
	});
});
