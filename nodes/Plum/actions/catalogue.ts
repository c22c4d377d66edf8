import type { IExecuteFunctions } from 'n8n-workflow';

import { cachedProduct, refreshProduct } from '../api';
import type { Lookup, PlumProduct } from '../api';
import { readProductId } from '../helpers/parameters';
import { invalidInput } from '../helpers/validation';
import { accountKey } from '../transport';
import type { ExecutionCache } from './executionCache';

/** What makes a product unfit for the item, named for the user; undefined when it fits. */
export type ProductCheck = (product: PlumProduct) => { field: string; value: unknown; allowed: string } | undefined;

export interface CheckedProduct {
	product: PlumProduct;
	/** Looked up at Plum during this execution (not kept from an earlier one) */
	fresh: boolean;
}

/** The credential's account key, read once per execution. */
async function accountOf(context: IExecuteFunctions, itemIndex: number, cache: ExecutionCache): Promise<string> {
	return await cache.remember('account', async () => await accountKey(context, itemIndex));
}

/**
 * The item's product (the `productId` parameter) from the catalogue the process keeps per account
 * (api/catalogueCache.ts), checked with `check`. A kept product that does not fit (or is not
 * there) is looked up at Plum again before the item fails, at most once per execution and product:
 * the catalogue may have changed since. `refresh` asks Plum in any case (once per execution).
 */
export async function requireProduct(
	context: IExecuteFunctions,
	itemIndex: number,
	cache: ExecutionCache,
	check: ProductCheck = () => undefined,
	options: { refresh?: boolean } = {},
): Promise<CheckedProduct> {
	const productId = readProductId(context, itemIndex);
	const account = await accountOf(context, itemIndex, cache);
	const refreshKey = `refreshed:${productId}`;
	const refreshed = async () => await cache.remember(refreshKey, async () => await refreshProduct(context, account, productId, { itemIndex }));
	const fits = (lookup: Lookup<PlumProduct>) => lookup.found && check(lookup.record) === undefined;

	let { lookup, fresh } = options.refresh || cache.has(refreshKey) ? await refreshed() : await cachedProduct(context, account, productId, { itemIndex });
	if (!fresh && !fits(lookup)) ({ lookup, fresh } = await refreshed());
	if (!lookup.found) {
		throw invalidInput(context, itemIndex, 'Product', productId, 'Your Plum catalogue has no product with this ID. Pick one from the list, or look it up with Gift Card Product → Get Many.');
	}
	const problem = check(lookup.record);
	if (problem) throw invalidInput(context, itemIndex, problem.field, problem.value, problem.allowed);
	return { product: lookup.record, fresh };
}
