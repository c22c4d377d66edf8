import { describe, expect, it } from 'vitest';

import {
	getCampaigns,
	getCountries,
	getCurrencies,
	getDenominations,
	searchProducts,
} from '../../../../../nodes/Plum/methods/pickers';
import { loadOptionsContext } from '../../../../support/engine.mts';
import { SEEDED_PRODUCT_IDS, useSandbox } from '../../../../support/sandbox.mts';

describe('pickers', () => {
	const sandbox = useSandbox();

	it('searches products by name and pages through the catalogue', async () => {
		const context = loadOptionsContext(sandbox.helper, {});
		const found = await searchProducts.call(context, 'Sandbox Open Value');
		expect(found.results).toEqual([{ name: 'Sandbox Open Value eGift Card (USD, USA)', value: String(SEEDED_PRODUCT_IDS.openValue) }]);

		const first = await searchProducts.call(context);
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBe('2');
		const second = await searchProducts.call(context, undefined, first.paginationToken);
		expect(second.results[0].value).not.toBe(first.results[0].value);
	});

	it('lists the chosen product\'s denominations, sorted, and suggestions for an open value', async () => {
		const fixed = loadOptionsContext(sandbox.helper, { productId: { __rl: true, mode: 'list', value: String(SEEDED_PRODUCT_IDS.realtimeFixed) } });
		expect((await getDenominations.call(fixed)).map((option) => option.value)).toEqual([10, 25, 50, 100]);

		const open = loadOptionsContext(sandbox.helper, { productId: { __rl: true, mode: 'id', value: String(SEEDED_PRODUCT_IDS.openValue) } });
		const options = await getDenominations.call(open);
		expect(options[0]).toMatchObject({ value: 5, description: expect.stringMatching(/between 5 and 500/) });

		expect(await getDenominations.call(loadOptionsContext(sandbox.helper, {}))).toEqual([]);
	});

	it('offers countries, currencies and campaigns from Plum, and keeps answers for a while', async () => {
		const context = loadOptionsContext(sandbox.helper, {});
		const countries = await getCountries.call(context);
		const currencies = await getCurrencies.call(context);
		const campaigns = await getCampaigns.call(context);

		expect(countries.length).toBeGreaterThan(10);
		expect(countries.every((option) => option.value !== '')).toBe(true);
		expect(currencies.map((option) => option.value)).toContain('USD');
		expect(campaigns).toHaveLength(25);
		expect(campaigns[0]).toMatchObject({ value: expect.any(Number) });

		// Opening the dropdowns again costs Plum nothing: one getFilters served both pickers.
		await getCountries.call(context);
		expect((await sandbox.admin.requests()).filter((request) => request.op === 'getFilters')).toHaveLength(1);
	});

	it('a product chosen from the search list has its denominations without another Plum call', async () => {
		// n8n's editor ignores a product change while the denomination list is still loading; the
		// list must therefore not wait for Plum (test/e2e/editor.test.mts shows it in a browser).
		const context = loadOptionsContext(sandbox.helper, {});
		const found = await searchProducts.call(context, 'Sandbox Limited Quantity');
		expect(found.results.map((result) => result.value)).toEqual([String(SEEDED_PRODUCT_IDS.quantityLimited)]);
		const catalogueCalls = async () => (await sandbox.admin.requests()).filter((request) => request.op === 'getVouchers').length;
		const before = await catalogueCalls();

		const chosen = loadOptionsContext(sandbox.helper, { productId: { __rl: true, mode: 'list', value: found.results[0].value } });
		expect((await getDenominations.call(chosen)).map((option) => option.value)).toEqual([20, 40]);
		expect(await catalogueCalls()).toBe(before);
	});
});
