import type { IExecuteFunctions } from 'n8n-workflow';

import { getProduct } from '../api';
import type { PlumProduct } from '../api';
import { readProductId } from '../helpers/parameters';
import { invalidInput } from '../helpers/validation';
import type { ExecutionCache } from './executionCache';

/**
 * The item's product (the `productId` parameter), fetched once per execution; an item whose
 * product is not in the account's catalogue fails before anything is sent.
 */
export async function requireProduct(context: IExecuteFunctions, itemIndex: number, cache: ExecutionCache): Promise<PlumProduct> {
	const productId = readProductId(context, itemIndex);
	const lookup = await cache.remember(`product:${productId}`, async () => await getProduct.call(context, productId, { itemIndex }));
	if (!lookup.found) {
		throw invalidInput(context, itemIndex, 'Product', productId, 'Your Plum catalogue has no product with this ID. Pick one from the list, or look it up with Gift Card Product → Get Many.');
	}
	return lookup.record;
}
