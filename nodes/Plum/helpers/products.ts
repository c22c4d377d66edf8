import type { IDataObject } from 'n8n-workflow';

import { plumDispatchList } from '../transport';
import type { PlumContext } from '../transport';
import { plumTimestampToIso } from './dates';
import { toNumber, toNumbers } from './normalize';

const PRODUCT_NUMBER_FIELDS = [
	'productId',
	'minValue',
	'maxValue',
	'fee',
	'discount',
	'exchangeRateRule',
	'exchangeRate',
	'orderQuantityLimit',
	'tatInDays',
	'parentProductId',
] as const;

/** Plum's default quantity cap when a product names none (plum-api.md §4.4). */
export const DEFAULT_QUANTITY_LIMIT = 10;

export interface CatalogueQuery {
	page: number;
	limit: number;
	filters?: Array<{ key: string; value: string | number }>;
	includeProducts?: string;
	excludeProducts?: string;
	sort?: { field: string; order: 'ASC' | 'DESC' };
	itemIndex?: number;
}

function truthy(value: unknown): boolean {
	return value === true || value === 1 || value === '1' || String(value).toLowerCase() === 'true' || String(value).toLowerCase() === 'yes';
}

/** Plum's product with numbers as numbers and the ordering rules spelled out. */
export function normalizeProduct(raw: IDataObject): IDataObject {
	const product = toNumbers(raw, PRODUCT_NUMBER_FIELDS);
	const denominations = String(raw.valueDenominations ?? '')
		.split(',')
		.map((part) => toNumber(part))
		.filter((value): value is number => typeof value === 'number')
		.sort((a, b) => a - b);
	const limit = toNumber(raw.orderQuantityLimit);
	return {
		...product,
		denominations,
		phoneRequired: truthy(raw.isPhoneNumberMandatory),
		quantityLimit: typeof limit === 'number' && limit > 0 ? limit : DEFAULT_QUANTITY_LIMIT,
		lastUpdateDateIso: plumTimestampToIso(raw.lastUpdateDate),
	};
}

/** One page of getVouchers; an empty list where Plum answers "No Vouchers Found" (PLE10030). */
export async function fetchCataloguePage(this: PlumContext, query: CatalogueQuery): Promise<IDataObject[]> {
	const data: IDataObject = { limit: query.limit, page: query.page, includeProducts: query.includeProducts ?? '', excludeProducts: query.excludeProducts ?? '' };
	if (query.filters?.length) data.filters = query.filters;
	if (query.sort) data.sort = query.sort;
	return await plumDispatchList.call(this, {
		query: 'plumProAPI.mutation.getVouchers',
		tag: 'plumProAPI',
		data,
		noRecordsErrorIds: ['PLE10030'],
		retryable: true,
		itemIndex: query.itemIndex,
	});
}

/** One product by id, normalized; undefined when the catalogue has no such product. */
export async function fetchProduct(this: PlumContext, productId: number, itemIndex?: number): Promise<IDataObject | undefined> {
	const [product] = await fetchCataloguePage.call(this, { page: 1, limit: 1, includeProducts: String(productId), itemIndex });
	return product && Number(product.productId) === productId ? normalizeProduct(product) : undefined;
}

/** Why Plum would refuse this order for this product, or undefined when it is fine. */
export function orderProblem(
	product: IDataObject,
	order: { denomination: number; quantity: number; contact: string },
): { field: string; value: unknown; allowed: string } | undefined {
	const denominations = product.denominations as number[];
	const currency = String(product.currencyCode ?? '');
	if (product.valueType === 'open_value') {
		const min = Number(product.minValue) || 0;
		const rawMax = Number(product.maxValue) || 0;
		// Live data has products whose maxValue is below minValue; such a max is no limit at all.
		const max = rawMax >= min && rawMax > 0 ? rawMax : Infinity;
		if (order.denomination < min || order.denomination > max) {
			const range = max === Infinity ? `at least ${min}` : `between ${min} and ${max}`;
			return { field: 'Denomination', value: order.denomination, allowed: `"${String(product.name)}" takes any value ${range} ${currency}.`.replace(/ \./, '.') };
		}
	} else if (denominations.length > 0 && !denominations.includes(order.denomination)) {
		return {
			field: 'Denomination',
			value: order.denomination,
			allowed: `"${String(product.name)}" is offered in ${denominations.join(', ')} ${currency}.`.replace(/ \./, '.'),
		};
	}
	const limit = Number(product.quantityLimit) || DEFAULT_QUANTITY_LIMIT;
	if (order.quantity > limit) {
		return { field: 'Quantity', value: order.quantity, allowed: `"${String(product.name)}" allows at most ${limit} per order. Split the order into several items with their own poNumbers.` };
	}
	if (product.phoneRequired && order.contact.trim() === '') {
		return { field: 'Contact', value: order.contact, allowed: `"${String(product.name)}" needs the receiver's phone number, e.g. +1-5234567890.` };
	}
	return undefined;
}
