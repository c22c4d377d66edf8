/** Gift-card catalogue (plum-api.md §4.1-4.2): getFilters and getVouchers over the seeded catalogue. */
import type { OpCall, OpDefinition } from '../dispatcher.mts';
import {
	FX_TO_USD,
	matchesCountry,
	offersValueBetween,
	toNumber,
	type Product,
} from '../catalogue.mts';
import { plumError } from '../errors.mts';
import { giftCard, ok } from './giftCardFamily.mts';
import {
	asRecord,
	isBlank,
	paginate,
	readCsv,
	readFlag,
	readNumber,
	readPositiveInteger,
	readString,
} from './input.mts';
import { readPaging } from './listQuery.mts';

// ---------------------------------------------------------------- getFilters

function getFilters({ ctx, data }: OpCall) {
	const groups = ctx.catalogue.filterGroups;
	if (!isBlank(data.filterGroupCode) && typeof data.filterGroupCode !== 'string') {
		throw plumError('PLE10003', 'filterGroupCode must be a string');
	}
	const code = (readString(data.filterGroupCode) ?? '').trim().toLowerCase();
	// include/exclude only work together with filterGroupCode (plum-api.md §4.1), so without it they are ignored.
	if (code === '') return ok(groups);
	// The docs write `currency`; the captured feed calls the group `currencyCode`.
	const wanted = code === 'currency' ? 'currencycode' : code;
	const group = groups.find((candidate) => candidate.filterGroupCode.toLowerCase() === wanted);
	if (!group)
		throw plumError('PLE10029', `Invalid filterGroupCode "${String(data.filterGroupCode)}"`);
	const include = readCsv(data.includeFilters).map((value) => value.toLowerCase());
	const exclude = readCsv(data.excludeFilters).map((value) => value.toLowerCase());
	const filters = group.filters.filter((filter) => {
		const value = filter.filterValueCode.toLowerCase();
		return (include.length === 0 || include.includes(value)) && !exclude.includes(value);
	});
	return ok([{ ...group, filters }]);
}

// ---------------------------------------------------------------- getVouchers

const VOUCHER_FILTER_KEYS = [
	'productName',
	'country',
	'price',
	'minPrice',
	'maxPrice',
	'currencyCode',
	'deliveryType',
] as const;
type VoucherFilterKey = (typeof VOUCHER_FILTER_KEYS)[number];

function readProductIds(value: unknown, field: string): Set<number> {
	const ids = readCsv(value).map((part) => readPositiveInteger(part));
	if (ids.some((id) => id === undefined))
		throw plumError('PLE10033', `${field} must be comma-separated product ids`);
	return new Set(ids as number[]);
}

function readVoucherFilters(value: unknown): Map<VoucherFilterKey, string> {
	const filters = new Map<VoucherFilterKey, string>();
	if (isBlank(value)) return filters;
	if (!Array.isArray(value))
		throw plumError('PLE10033', 'filters must be an array of {key, value}');
	for (const entry of value) {
		const filter = asRecord(entry);
		const key = filter?.key;
		if (typeof key !== 'string' || !(VOUCHER_FILTER_KEYS as readonly string[]).includes(key)) {
			throw plumError(
				'PLE10033',
				`Unknown filter key ${JSON.stringify(key)}; use one of ${VOUCHER_FILTER_KEYS.join(', ')}`,
			);
		}
		// Clients often send every key with "" (GB's own example does); an empty value means "not filtered".
		if (isBlank(filter?.value)) continue;
		filters.set(key as VoucherFilterKey, String(filter?.value).trim());
	}
	return filters;
}

function applyVoucherFilters(
	products: Product[],
	filters: Map<VoucherFilterKey, string>,
): Product[] {
	let result = products;
	const name = filters.get('productName');
	if (name)
		result = result.filter((product) => product.name.toLowerCase().includes(name.toLowerCase()));
	const country = filters.get('country');
	if (country) result = result.filter((product) => matchesCountry(product, country));
	const deliveryType = filters.get('deliveryType');
	if (deliveryType) {
		if (deliveryType !== 'realtime' && deliveryType !== 'delayed') {
			throw plumError('PLE10033', 'deliveryType must be realtime or delayed');
		}
		result = result.filter((product) => product.deliveryType === deliveryType);
	}
	const price = filters.get('price');
	if (price) {
		const value = readNumber(price);
		if (value === undefined) throw plumError('PLE10033', 'price must be a number');
		result = result.filter((product) => offersValueBetween(product, value, value));
	}
	const currency = filters.get('currencyCode');
	if (currency) {
		result = result.filter(
			(product) => product.currencyCode.toUpperCase() === currency.toUpperCase(),
		);
		// minPrice/maxPrice apply only together with currencyCode (plum-api.md §4.2); alone they are ignored.
		const min = filters.has('minPrice') ? readNumber(filters.get('minPrice')) : -Infinity;
		const max = filters.has('maxPrice') ? readNumber(filters.get('maxPrice')) : Infinity;
		if (min === undefined || max === undefined)
			throw plumError('PLE10033', 'minPrice/maxPrice must be numbers');
		result = result.filter((product) => offersValueBetween(product, min, max));
	}
	return result;
}

function sortProducts(products: Product[], sortValue: unknown): Product[] {
	const sort = asRecord(sortValue);
	if (isBlank(sortValue)) return products;
	if (!sort) throw plumError('PLE10033', 'sort must be {field, order}');
	const field = readString(sort.field)?.trim();
	if (!field) return products;
	const order = (readString(sort.order) ?? 'ASC').toUpperCase();
	if (order !== 'ASC' && order !== 'DESC')
		throw plumError('PLE10033', 'sort.order must be ASC or DESC');
	const direction = order === 'ASC' ? 1 : -1;
	return [...products].sort((a, b) => {
		const left = a[field];
		const right = b[field];
		const leftNumber = toNumber(left);
		const rightNumber = toNumber(right);
		const compared =
			Number.isFinite(leftNumber) && Number.isFinite(rightNumber)
				? leftNumber - rightNumber
				: String(left ?? '').localeCompare(String(right ?? ''));
		return compared * direction;
	});
}

function getVouchers({ ctx, data }: OpCall) {
	const { limit, page } = readPaging(data, (message) => plumError('PLE10033', message));
	const include = readProductIds(data.includeProducts, 'includeProducts');
	const exclude = readProductIds(data.excludeProducts, 'excludeProducts');
	let products = ctx.catalogue.products.filter(
		(product) =>
			(include.size === 0 || include.has(product.productId)) && !exclude.has(product.productId),
	);
	products = applyVoucherFilters(products, readVoucherFilters(data.filters));
	products = sortProducts(products, data.sort);
	const pageItems = paginate(products, limit, page);
	// An empty page, including one past the end, is "No Vouchers Found" like an empty search.
	if (pageItems.length === 0) throw plumError('PLE10030', 'No Vouchers Found');
	const withRates = readFlag(data.exchangeRate) === 1;
	return ok(
		pageItems.map((product) => {
			const copy = structuredClone(product);
			if (withRates) copy.exchangeRate = FX_TO_USD[product.currencyCode] ?? 1;
			return copy;
		}),
	);
}

export const catalogueOperations: OpDefinition[] = [
	giftCard('getFilters', 'mutation', getFilters),
	giftCard('getVouchers', 'mutation', getVouchers),
];
