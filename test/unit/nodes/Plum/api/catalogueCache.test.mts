import { afterEach, describe, expect, it } from 'vitest';

import { cachedProduct, forgetCatalogue, keepProducts, rememberForAccount } from '../../../../../nodes/Plum/api/catalogueCache';
import type { PlumProduct } from '../../../../../nodes/Plum/api';

/** A context that must not be used: every answer below comes from the kept catalogue. */
const noPlum = new Proxy({}, { get: () => { throw new Error('Plum was called'); } }) as never;

describe('catalogueCache', () => {
	afterEach(() => forgetCatalogue());

	it('keeps an answer per account for its time to live, and loads it once for callers at the same moment', async () => {
		let loads = 0;
		const load = async () => ++loads;
		const [first, second] = await Promise.all([rememberForAccount('a', 'filters', load), rememberForAccount('a', 'filters', load)]);
		expect([first, second, loads]).toEqual([1, 1, 1]);
		expect(await rememberForAccount('b', 'filters', load)).toBe(2);

		expect(await rememberForAccount('a', 'short', load, 0)).toBe(3);
		expect(await rememberForAccount('a', 'short', load, 0)).toBe(4);
	});

	it('does not keep a failed answer', async () => {
		await expect(rememberForAccount('a', 'campaigns', async () => await Promise.reject(new Error('down')))).rejects.toThrow('down');
		expect(await rememberForAccount('a', 'campaigns', async () => 'up')).toBe('up');
	});

	it('answers a product kept from a catalogue page without asking Plum, per account', async () => {
		const product = { productId: 90001, name: 'Sandbox Realtime Fixed eGift Card' } as PlumProduct;
		keepProducts('a', [product]);

		expect(await cachedProduct(noPlum, 'a', 90001)).toEqual({ lookup: { found: true, record: product }, fresh: false });
		await expect(cachedProduct(noPlum, 'b', 90001)).rejects.toThrow('Plum was called');
	});
});
