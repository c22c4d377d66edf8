import type { ILoadOptionsFunctions, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { cachedProduct, getCampaigns as fetchCampaigns, getFilters, getVouchers, keepProducts, rememberForAccount } from '../api';
import { describeRange, openValueRange } from '../helpers/products';
import { accountKey } from '../transport';

const SEARCH_PAGE_SIZE = 50;

/**
 * Pickers call Plum every time a dropdown opens or a search is typed, while Plum allows only 50
 * getVouchers/getFilters calls a minute: they are answered from the catalogue the process keeps per
 * account (api/catalogueCache.ts), the same one Order → Create validates against.
 */
const CAMPAIGNS_TTL_MS = 5 * 60 * 1000;

function decodeEntities(text: string): string {
	return text.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').trim();
}

export async function searchProducts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const page = Number(paginationToken ?? 1) || 1;
	const filters = filter ? [{ key: 'productName', value: filter }] : [];
	const account = await accountKey(this);
	const products = await rememberForAccount(account, `search|${filter ?? ''}|${page}`, async () => {
		const found = await getVouchers.call(this, { page, limit: SEARCH_PAGE_SIZE, filters });
		keepProducts(account, found);
		return found;
	});
	return {
		results: products.map((product) => ({
			name: `${decodeEntities(String(product.name))} (${String(product.currencyCode ?? '')}, ${String(product.countryName ?? product.countryCode ?? '')})`,
			value: String(product.productId),
		})),
		paginationToken: products.length === SEARCH_PAGE_SIZE ? String(page + 1) : undefined,
	};
}

export async function getDenominations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const productId = Number(this.getCurrentNodeParameter('productId', { extractValue: true }));
	if (!Number.isInteger(productId) || productId <= 0) return [];
	const { lookup } = await cachedProduct(this, await accountKey(this), productId);
	if (!lookup.found) return [];
	const product = lookup.record;
	const currency = product.currencyCode ? ` ${product.currencyCode}` : '';
	if (product.valueType === 'open_value') {
		const range = openValueRange(product);
		const suggestions = [...new Set([range.min, 10, 25, 50, 100, 250, 500].filter((value) => value > 0 && value >= range.min && value <= range.max))];
		return suggestions.map((value) => ({
			name: `${value}${currency}`,
			value,
			description: `Any value ${describeRange(range)} is allowed: use an expression for others`,
		}));
	}
	return product.denominations.map((value) => ({ name: `${value}${currency}`, value }));
}

async function filterOptions(context: ILoadOptionsFunctions, groupCodes: string[]): Promise<INodePropertyOptions[]> {
	const groups = await rememberForAccount(await accountKey(context), 'filters', async () => await getFilters.call(context, ''));
	// Compared in lower case: the docs write `country`, the live API sends `Country`.
	const filters = groups.find((entry) => groupCodes.includes(entry.filterGroupCode.toLowerCase()))?.filters ?? [];
	return filters
		.filter((entry) => String(entry.filterValueCode ?? '').trim() !== '')
		.map((entry) => ({ name: decodeEntities(String(entry.filterValue || entry.filterValueCode)), value: String(entry.filterValueCode) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getCountries(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await filterOptions(this, ['country']);
}

export async function getCurrencies(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	// The docs call the group `currency`; the live API sends `currencyCode`.
	return await filterOptions(this, ['currency', 'currencycode']);
}

export async function getCampaigns(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const campaigns = await rememberForAccount(await accountKey(this), 'campaigns', async () => await fetchCampaigns.call(this, { limit: 100, offset: 0 }), CAMPAIGNS_TTL_MS);
	return campaigns.map((campaign) => ({
		name: `${String(campaign.campaignName)} (${String(campaign.denomination_value ?? '')} ${String(campaign.currencyCode ?? '')})`.replace(/ \( \)$/, ''),
		value: Number(campaign.campaignId),
	}));
}
