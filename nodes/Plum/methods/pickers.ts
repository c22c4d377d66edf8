import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { fetchCampaignPage } from '../actions/link/campaigns';
import { fetchFilterGroups } from '../helpers/filters';
import { cachedForPickers } from '../helpers/loadCache';
import { fetchCataloguePage, fetchProduct } from '../helpers/products';
import { CREDENTIAL_TYPE } from '../transport';

const SEARCH_PAGE_SIZE = 50;

async function cacheKey(context: ILoadOptionsFunctions, what: string): Promise<string> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	return `${String(credentials.environment)}|${String(credentials.baseUrl ?? '')}|${String(credentials.clientId)}|${what}`;
}

function decodeEntities(text: string): string {
	return text.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').trim();
}

export async function searchProducts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const page = Number(paginationToken ?? 1) || 1;
	const filters = filter ? [{ key: 'productName', value: filter }] : [];
	const products = await cachedForPickers(await cacheKey(this, `products|${filter ?? ''}|${page}`), async () =>
		await fetchCataloguePage.call(this, { page, limit: SEARCH_PAGE_SIZE, filters }),
	);
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
	const product = await cachedForPickers(await cacheKey(this, `product|${productId}`), async () => await fetchProduct.call(this, productId));
	if (!product) return [];
	const currency = String(product.currencyCode ?? '');
	if (product.valueType === 'open_value') {
		const min = Number(product.minValue) || 0;
		const max = Number(product.maxValue) >= min ? Number(product.maxValue) : Infinity;
		const suggestions = [...new Set([min, 10, 25, 50, 100, 250, 500].filter((value) => value >= min && value <= max))];
		return suggestions.map((value) => ({
			name: `${value} ${currency}`,
			value,
			description: `Any value ${max === Infinity ? `from ${min}` : `from ${min} to ${max}`} is allowed: use an expression for others`,
		}));
	}
	return (product.denominations as number[]).map((value) => ({ name: `${value} ${currency}`, value }));
}

async function filterOptions(context: ILoadOptionsFunctions, groupCodes: string[]): Promise<INodePropertyOptions[]> {
	const groups = await cachedForPickers(await cacheKey(context, 'filters'), async () => await fetchFilterGroups.call(context, ''));
	const group = groups.find((entry) => groupCodes.includes(String(entry.filterGroupCode)));
	const filters = Array.isArray(group?.filters) ? (group.filters as IDataObject[]) : [];
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
	return await filterOptions(this, ['currency', 'currencyCode']);
}

export async function getCampaigns(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const campaigns = await cachedForPickers(await cacheKey(this, 'campaigns'), async () => await fetchCampaignPage.call(this, { limit: 100, offset: 0 }));
	return campaigns.map((campaign) => ({
		name: `${String(campaign.campaignName)} (${String(campaign.denomination_value ?? '')} ${String(campaign.currencyCode ?? '')})`.replace(/ \( \)$/, ''),
		value: Number(campaign.campaignId),
	}));
}
