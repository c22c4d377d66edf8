import { describe, expect, it } from 'vitest';

import { toProduct } from '../../../../../nodes/Plum/api/records';
import { plumTimestampToIso, readDate, toLinkExpiry, toPlumDate } from '../../../../../nodes/Plum/helpers/dates';
import { toNumber } from '../../../../../nodes/Plum/helpers/normalize';
import { collectPages } from '../../../../../nodes/Plum/helpers/pagination';
import { openValueRange, orderProblem } from '../../../../../nodes/Plum/helpers/products';

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
});

describe('products', () => {
	it('explains what a product allows', () => {
		const fixed = toProduct({ productId: 1, name: 'Card', currencyCode: 'USD', valueType: 'fixed_denomination', valueDenominations: '100,1000,200', orderQuantityLimit: '' } as never);
		expect(fixed.denominations).toEqual([100, 200, 1000]);
		expect(orderProblem(fixed, { denomination: 200, quantity: 1, contact: '' })).toBeUndefined();
		expect(orderProblem(fixed, { denomination: 150, quantity: 1, contact: '' })).toMatchObject({ field: 'Denomination', allowed: '"Card" is offered in 100, 200, 1000 USD.' });
		expect(orderProblem(fixed, { denomination: 100, quantity: 11, contact: '' })).toMatchObject({ field: 'Quantity' });

		// Live data has products whose maxValue is below minValue: such a max is no limit.
		const open = toProduct({ productId: 2, name: 'Open', currencyCode: 'USD', valueType: 'open_value', minValue: 5, maxValue: 1 } as never);
		expect(orderProblem(open, { denomination: 5000, quantity: 1, contact: '' })).toBeUndefined();
		expect(orderProblem(open, { denomination: 1, quantity: 1, contact: '' })).toMatchObject({ allowed: '"Open" takes any value at least 5 USD.' });

		const phone = toProduct({ productId: 3, name: 'Topup', valueType: 'fixed_denomination', valueDenominations: '10', isPhoneNumberMandatory: '1' } as never);
		expect(orderProblem(phone, { denomination: 10, quantity: 1, contact: ' ' })).toMatchObject({ field: 'Contact' });
	});
});

describe('openValueRange', () => {
	const open = (minValue: unknown, maxValue: unknown) =>
		toProduct({ productId: 4, name: 'Open', valueType: 'open_value', minValue, maxValue } as never);

	it('reads a missing, zero or inverted maximum as no limit, the same for orders and pickers', () => {
		expect(openValueRange(open(5, 500))).toEqual({ min: 5, max: 500 });
		expect(openValueRange(open(5, 1))).toEqual({ min: 5, max: Infinity });
		// Both bounds 0: the picker used to offer only 0 while orders took any value.
		expect(openValueRange(open(0, 0))).toEqual({ min: 0, max: Infinity });
		expect(orderProblem(open(0, 0), { denomination: 25, quantity: 1, contact: '' })).toBeUndefined();
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
