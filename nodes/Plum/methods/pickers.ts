import type { ILoadOptionsFunctions, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { getCampaigns as fetchCampaigns, getFilters, getProduct, getVouchers } from '../api';
import { describeRange, openValueRange } from '../helpers/products';
import { CREDENTIAL_TYPE } from '../transport';
import { cachedForPickers, rememberForPickers } from './pickerCache';

const SEARCH_PAGE_SIZE = 50;

async function cacheKey(context: ILoadOptionsFunctions, what: string): Promise<string> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	return `${String(credentials.environment)}|${String(credentials.baseUrl ?? '')}|${String(credentials.clientId)}|${what}`;
}

const productKey = (productId: number | string) => `product|${productId}`;

function decodeEntities(text: string): string {
	return text.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').trim();
}

export async function searchProducts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const page = Number(paginationToken ?? 1) || 1;
	const filters = filter ? [{ key: 'productName', value: filter }] : [];
	const products = await cachedForPickers(await cacheKey(this, `products|${filter ?? ''}|${page}`), async () =>
		await getVouchers.call(this, { page, limit: SEARCH_PAGE_SIZE, filters }),
	);
	// The list carries each product whole: getDenominations answers from it without calling Plum.
	const byProduct = await cacheKey(this, '');
	for (const product of products) {
		rememberForPickers(byProduct + productKey(product.productId), { found: true, record: product });
	}
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
	const lookup = await cachedForPickers(await cacheKey(this, productKey(productId)), async () => await getProduct.call(this, productId));
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
	const groups = await cachedForPickers(await cacheKey(context, 'filters'), async () => await getFilters.call(context, ''));
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
	const campaigns = await cachedForPickers(await cacheKey(this, 'campaigns'), async () => await fetchCampaigns.call(this, { limit: 100, offset: 0 }));
	return campaigns.map((campaign) => ({
		name: `${String(campaign.campaignName)} (${String(campaign.denomination_value ?? '')} ${String(campaign.currencyCode ?? '')})`.replace(/ \( \)$/, ''),
		value: Number(campaign.campaignId),
	}));
}
