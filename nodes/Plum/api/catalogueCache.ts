import type { PlumContext } from '../transport';
import type { Lookup } from './define';
import { getProduct } from './giftcards';
import type { PlumProduct } from './records';

/**
 * Plum's catalogue as the n8n process keeps it, per account (`accountKey`), for every execution,
 * picker and search alike: Plum allows 50 getVouchers calls a minute (and some accounts 500 a
 * day), and asks clients to cache the catalogue (docs/plum-api.md §7). A product is kept 10
 * minutes; an order that Plum refuses because the product or the denomination is unknown
 * (PLE10017, PLE10018) refreshes it at once.
 */
export const CATALOGUE_TTL_MS = 10 * 60 * 1000;
const MAX_ENTRIES = 2000;

interface Entry {
	value: Promise<unknown>;
	/** When the answer was asked for */
	loadedAt: number;
	expires: number;
}

const entries = new Map<string, Entry>();

function store(key: string, value: Promise<unknown>, ttlMs: number): Entry {
	const now = Date.now();
	const entry = { value, loadedAt: now, expires: now + ttlMs };
	entries.delete(key);
	entries.set(key, entry);
	value.catch(() => {
		if (entries.get(key) === entry) entries.delete(key);
	});
	if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
	return entry;
}

/** The answer kept under `what` for the account, or `load`'s, kept for `ttlMs`. */
export async function rememberForAccount<T>(account: string, what: string, load: () => Promise<T>, ttlMs = CATALOGUE_TTL_MS): Promise<T> {
	const key = `${account}|${what}`;
	const hit = entries.get(key);
	if (hit && hit.expires > Date.now()) return (await hit.value) as T;
	return (await store(key, load(), ttlMs).value) as T;
}

const productKey = (account: string, productId: number) => `${account}|product|${productId}`;

export interface CachedProduct {
	lookup: Lookup<PlumProduct>;
	/** Looked up at Plum by this call (not an answer kept from before) */
	fresh: boolean;
}

/** The product as the process knows it, looked up at Plum when it is not kept (or no longer). */
export async function cachedProduct(context: PlumContext, account: string, productId: number, options: { itemIndex?: number } = {}): Promise<CachedProduct> {
	const key = productKey(account, productId);
	const hit = entries.get(key);
	if (hit && hit.expires > Date.now()) return { lookup: (await hit.value) as Lookup<PlumProduct>, fresh: false };
	return await refreshProduct(context, account, productId, options);
}

/** Looks the product up at Plum now and keeps the answer for everyone. */
export async function refreshProduct(context: PlumContext, account: string, productId: number, options: { itemIndex?: number } = {}): Promise<CachedProduct> {
	const entry = store(productKey(account, productId), getProduct.call(context, productId, options), CATALOGUE_TTL_MS);
	return { lookup: (await entry.value) as Lookup<PlumProduct>, fresh: true };
}

/** Keeps the products of a catalogue page (a picker's search), so that ordering one needs no look-up. */
export function keepProducts(account: string, products: PlumProduct[]): void {
	for (const product of products) {
		store(productKey(account, product.productId), Promise.resolve({ found: true, record: product }), CATALOGUE_TTL_MS);
	}
}

/** Forgets every kept answer (a test's fresh Plum account). */
export function forgetCatalogue(): void {
	entries.clear();
}
