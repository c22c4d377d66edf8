/**
 * Pickers call Plum every time a dropdown opens or a search is typed, while Plum allows only 50
 * getVouchers/getFilters calls a minute. Answers are kept for a short while per credential.
 */
const TTL_MS = 5 * 60 * 1000;
const MAX_ENTRIES = 500;
const entries = new Map<string, { expires: number; value: Promise<unknown> }>();

export async function cachedForPickers<T>(key: string, load: () => Promise<T>): Promise<T> {
	const now = Date.now();
	const hit = entries.get(key);
	if (hit && hit.expires > now) return (await hit.value) as T;
	const value = load();
	entries.set(key, { expires: now + TTL_MS, value });
	value.catch(() => entries.delete(key));
	if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
	return await value;
}

/**
 * Keeps an answer another call already brought (a fresher one stays). Used so that a product chosen
 * from the search list has its denominations at hand: n8n's editor ignores a change of the product
 * while the denomination list is still loading, so that load must not wait for Plum.
 */
export function rememberForPickers<T>(key: string, value: T): void {
	const hit = entries.get(key);
	if (hit && hit.expires > Date.now()) return;
	entries.delete(key);
	entries.set(key, { expires: Date.now() + TTL_MS, value: Promise.resolve(value) });
	if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
}
