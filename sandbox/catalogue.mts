/**
 * The gift-card catalogue: the ten captured Plum products (with their oddities kept: numbers as
 * strings, "" values, HTML), a handful of seeded products that make every ordering rule testable,
 * and generated products so that paging matters.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SandboxConfig } from './config.mts';

/** A product exactly as getVouchers serves it; numeric fields may be strings, as in the real feed. */
export interface Product {
	productId: number;
	name: string;
	description: string;
	termsAndConditionsInstructions: string;
	expiryAndValidity: string;
	redemptionInstructions: string;
	categories: string;
	lastUpdateDate: string;
	imageUrl: string;
	currencyCode: string;
	currencyName: string;
	countryName: string;
	countryCode: string;
	countries: Array<{ code: string; name: string }>;
	exchangeRateRule: number | string;
	valueType: 'fixed_denomination' | 'open_value' | string;
	maxValue: number | string;
	minValue: number | string;
	valueDenominations: string;
	tatInDays: number | string;
	usageType: string;
	deliveryType: 'realtime' | 'delayed' | string;
	isCommon?: string;
	fee: number | string;
	discount: number | string;
	exchangeRate: number | null;
	orderQuantityLimit?: number | string;
	isPhoneNumberMandatory?: boolean | number | string;
	[extra: string]: unknown;
}

export interface FilterGroup {
	filterGroupName: string;
	filterGroupDescription: string;
	filterGroupCode: string;
	filters: Array<{ filterValue: string; isoCode: string | null; filterValueCode: string }>;
}

/** Ids of the seeded products, one per ordering rule. */
export const SEEDED_PRODUCT_IDS = {
	realtimeFixed: 90001,
	openValue: 90002,
	phoneMandatory: 90003,
	quantityLimited: 90004,
	delayed: 90005,
} as const;

export const FIRST_GENERATED_PRODUCT_ID = 100001;

/** Rates into the account's base currency (USD); the sandbox locks them forever (plum-api.md §9 FX). */
export const FX_TO_USD: Record<string, number> = {
	USD: 1,
	INR: 0.012,
	EUR: 1.08,
	GBP: 1.27,
	CAD: 0.73,
	AUD: 0.66,
};

export function toNumber(value: unknown): number {
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && value.trim() !== '') return Number(value);
	return Number.NaN;
}

export function slugify(value: string): string {
	return value
		.trim()
		.toLowerCase()
		.replace(/&amp;/g, '')
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');
}

export function denominationsOf(product: Product): number[] {
	return product.valueDenominations
		.split(',')
		.map((part) => toNumber(part))
		.filter((value) => Number.isFinite(value));
}

export function isOpenValue(product: Product): boolean {
	return product.valueType === 'open_value';
}

/** Fixed products take one of their denominations; open-value products any amount in [minValue, maxValue]. */
export function acceptsDenomination(product: Product, denomination: number): boolean {
	if (isOpenValue(product)) {
		return denomination >= toNumber(product.minValue) && denomination <= toNumber(product.maxValue);
	}
	return denominationsOf(product).includes(denomination);
}

/** Whether some value the product offers lies in [min, max]. */
export function offersValueBetween(product: Product, min: number, max: number): boolean {
	if (isOpenValue(product))
		return toNumber(product.minValue) <= max && toNumber(product.maxValue) >= min;
	return denominationsOf(product).some((value) => value >= min && value <= max);
}

export function quantityLimitOf(product: Product, fallback: number): number {
	const limit = toNumber(product.orderQuantityLimit);
	return Number.isFinite(limit) && limit > 0 ? limit : fallback;
}

export function phoneMandatory(product: Product): boolean {
	const flag = product.isPhoneNumberMandatory;
	return flag === true || flag === 1 || flag === '1' || flag === 'true';
}

export type VoucherType = 'code' | 'codePin' | 'url' | 'urlPin';

export function voucherTypeOf(product: Product): VoucherType {
	const types: VoucherType[] = ['code', 'codePin', 'url', 'urlPin'];
	return types[product.productId % types.length];
}

export function matchesCountry(product: Product, value: string): boolean {
	const wanted = slugify(value);
	const candidates = [
		product.countryCode,
		product.countryName,
		...product.countries.flatMap((c) => [c.code, c.name]),
	];
	return candidates.some(
		(candidate) => typeof candidate === 'string' && slugify(candidate) === wanted,
	);
}

export interface Catalogue {
	products: Product[];
	byId: Map<number, Product>;
	filterGroups: FilterGroup[];
	source: 'fixtures' | 'built-in';
}

function readFixture(fixturesDir: string | null, file: string): unknown {
	if (!fixturesDir) return undefined;
	try {
		return JSON.parse(fs.readFileSync(path.join(fixturesDir, file), 'utf8'));
	} catch {
		return undefined;
	}
}

function dig(value: unknown, ...keys: string[]): unknown {
	let current = value;
	for (const key of keys) {
		if (typeof current !== 'object' || current === null) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

export function buildCatalogue(config: SandboxConfig): Catalogue {
	const fixtureProducts = dig(
		readFixture(config.fixturesDir, 'getVouchersResponse.json'),
		'data',
		'getVouchers',
		'data',
	);
	const fixtureFilters = dig(
		readFixture(config.fixturesDir, 'getFiltersResponse.json'),
		'data',
		'getFilters',
		'data',
	);
	const haveFixtures = Array.isArray(fixtureProducts) && fixtureProducts.length > 0;
	const products: Product[] = [
		...(haveFixtures ? (structuredClone(fixtureProducts) as Product[]) : builtInProducts()),
		...seededProducts(),
		...generatedProducts(config.catalogueSize),
	];
	const filterGroups = Array.isArray(fixtureFilters)
		? (structuredClone(fixtureFilters) as FilterGroup[])
		: filtersFromProducts(products);
	return {
		products,
		byId: new Map(products.map((product) => [product.productId, product])),
		filterGroups,
		source: haveFixtures ? 'fixtures' : 'built-in',
	};
}

interface CountrySpec {
	countryName: string;
	countryCode: string;
	currencyCode: string;
	currencyName: string;
}

const COUNTRIES: CountrySpec[] = [
	{ countryName: 'USA', countryCode: 'US', currencyCode: 'USD', currencyName: 'Dollar' },
	{ countryName: 'India', countryCode: 'IN', currencyCode: 'INR', currencyName: 'Rupee' },
	{ countryName: 'Germany', countryCode: 'DE', currencyCode: 'EUR', currencyName: 'Euro' },
	{ countryName: 'UK', countryCode: 'GB', currencyCode: 'GBP', currencyName: 'Pound' },
	{ countryName: 'Canada', countryCode: 'CA', currencyCode: 'CAD', currencyName: 'Dollar' },
	{ countryName: 'Australia', countryCode: 'AU', currencyCode: 'AUD', currencyName: 'Dollar' },
];

const CATEGORIES = [
	'Ecommerce,Work From Home',
	'Restaurants Foods and Drinks',
	'Apparel_Fashion &amp; Accessories',
	'Travel and Tourism',
	'Grocery and Retail',
	'Music Movies and Entertainment ',
	'Home &amp; Living',
];

const BRANDS = [
	'Acme Books',
	'Blue Harbor Coffee',
	'Cinema Plus',
	'Daily Grocer',
	'Evergreen Outdoors',
	'Fable Toys',
	'Galaxy Electronics',
	'Harbor Fuel',
	'Indigo Fashion',
	'Jet Travel',
	'Kite Music',
	'Lumen Home',
	'Metro Pharmacy',
	'Nimbus Games',
	'Orbit Sports',
	'Pixel Streaming',
	'Quill Stationery',
	'River Spa',
	'Summit Gear',
	'Tide Restaurants',
];

const LONG_HTML =
	'<p>Sandbox product.</p>\r\n<div>\r\n\t<strong>HOW TO REDEEM</strong></div>\r\n<div>\r\n\t1. Visit the store &amp; show the code.</div>\r\n';

function baseProduct(
	productId: number,
	name: string,
	country: CountrySpec,
	overrides: Partial<Product>,
): Product {
	return {
		productId,
		name,
		description: `<p>${name} from the Plum sandbox.</p>`,
		termsAndConditionsInstructions: '<p>Sandbox terms &amp; conditions.</p>',
		expiryAndValidity: '<p>\r\n\t12 Months</p>\r\n',
		redemptionInstructions: LONG_HTML,
		categories: CATEGORIES[productId % CATEGORIES.length],
		lastUpdateDate: '2024-05-01 10:00:00',
		imageUrl: `https://res.cloudinary.com/dyyjph6kx/image/upload/gift_vouchers/sandbox_${productId}.jpg`,
		currencyCode: country.currencyCode,
		currencyName: country.currencyName,
		countryName: country.countryName,
		countryCode: country.countryCode,
		countries: [{ code: country.countryCode, name: country.countryName }],
		exchangeRateRule: 1,
		valueType: 'fixed_denomination',
		maxValue: 0,
		minValue: 0,
		valueDenominations: '10,25,50',
		tatInDays: 0,
		usageType: '',
		deliveryType: 'realtime',
		isCommon: '0',
		fee: 0,
		discount: 0,
		exchangeRate: null,
		...overrides,
	};
}

const [USA, INDIA] = COUNTRIES;

function seededProducts(): Product[] {
	return [
		baseProduct(SEEDED_PRODUCT_IDS.realtimeFixed, 'Sandbox Realtime Fixed eGift Card', USA, {
			valueDenominations: '100,10,50,25',
			discount: '2.5',
		}),
		baseProduct(SEEDED_PRODUCT_IDS.openValue, 'Sandbox Open Value eGift Card', USA, {
			valueType: 'open_value',
			minValue: '5',
			maxValue: '500',
			valueDenominations: '5,10,100,500',
		}),
		baseProduct(SEEDED_PRODUCT_IDS.phoneMandatory, 'Sandbox Mobile Top-up Voucher', INDIA, {
			valueDenominations: '100,500,1000',
			isPhoneNumberMandatory: true,
			tatInDays: '0',
		}),
		baseProduct(SEEDED_PRODUCT_IDS.quantityLimited, 'Sandbox Limited Quantity eGift Card', USA, {
			valueDenominations: '20,40',
			orderQuantityLimit: 2,
		}),
		baseProduct(SEEDED_PRODUCT_IDS.delayed, 'Sandbox Delayed Delivery eGift Card', USA, {
			valueDenominations: '25,50',
			deliveryType: 'delayed',
			tatInDays: '3 - 10',
		}),
	];
}

/** Deterministic, so tests can rely on counts; types vary the way the live feed's do. */
function generatedProducts(count: number): Product[] {
	const products: Product[] = [];
	for (let index = 0; index < count; index++) {
		const productId = FIRST_GENERATED_PRODUCT_ID + index;
		const country = COUNTRIES[index % COUNTRIES.length];
		const brand = BRANDS[index % BRANDS.length];
		const open = index % 5 === 0;
		const numbersAsStrings = index % 3 === 0;
		const denominations = country.currencyCode === 'INR' ? '500,100,1000,2000' : '50,10,25,100';
		products.push(
			baseProduct(
				productId,
				`${brand} ${country.countryName} eGift Voucher #${index + 1}`,
				country,
				{
					valueType: open ? 'open_value' : 'fixed_denomination',
					minValue: open ? (numbersAsStrings ? '1' : 1) : numbersAsStrings ? '0' : 0,
					maxValue: open ? (numbersAsStrings ? '1000' : 1000) : numbersAsStrings ? '0' : 0,
					valueDenominations: denominations,
					deliveryType: index % 10 === 9 ? 'delayed' : 'realtime',
					tatInDays: index % 10 === 9 ? '1 - 7' : numbersAsStrings ? '0' : 0,
					discount: index % 4 === 0 ? '' : index % 4 === 1 ? '1.5' : 0,
					fee: numbersAsStrings ? '0' : 0,
					exchangeRateRule: numbersAsStrings
						? String(FX_TO_USD[country.currencyCode])
						: FX_TO_USD[country.currencyCode],
					lastUpdateDate: `2024-0${(index % 9) + 1}-1${index % 10} 0${index % 10}:15:00`,
					...(index % 7 === 0 ? { orderQuantityLimit: '5' } : {}),
				},
			),
		);
	}
	return products;
}

/** Used only when the captured fixtures are missing. */
function builtInProducts(): Product[] {
	return [
		baseProduct(27218, 'Lowes eGift Voucher', USA, {
			valueDenominations: '10,25,50',
			categories: 'Home &amp; Living,Work From Home',
		}),
		baseProduct(27222, 'Amazon USA eGift Voucher', USA, {
			valueType: 'open_value',
			minValue: 0.01,
			maxValue: 2000,
			valueDenominations: '100,1000,200,400,500',
		}),
		baseProduct(29847, 'BK USA eGift Voucher', USA, {
			valueDenominations: '10,20',
			maxValue: 10,
			minValue: 500,
		}),
	];
}

function filtersFromProducts(products: Product[]): FilterGroup[] {
	const countries = new Map<string, { name: string; code: string }>();
	const currencies = new Set<string>();
	for (const product of products) {
		countries.set(slugify(product.countryName), {
			name: product.countryName,
			code: product.countryCode,
		});
		currencies.add(product.currencyCode);
	}
	return [
		{
			filterGroupName: 'Country',
			filterGroupDescription: '',
			filterGroupCode: 'country',
			filters: [...countries].map(([code, c]) => ({
				filterValue: c.name,
				isoCode: c.code,
				filterValueCode: code,
			})),
		},
		{
			filterGroupName: 'Currency',
			filterGroupDescription: '',
			filterGroupCode: 'currencyCode',
			filters: [...currencies].map((code) => ({
				filterValue: code,
				isoCode: '',
				filterValueCode: code,
			})),
		},
	];
}
