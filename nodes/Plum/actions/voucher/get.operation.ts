import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readProductId } from '../../helpers/parameters';
import { fetchProduct } from '../../helpers/products';
import { invalidInput } from '../../helpers/validation';
import { productLocator } from '../common.descriptions';
import type { ExecutionCache, OperationResult } from '../types';

export const description = updateDisplayOptions({ show: { resource: ['voucher'], operation: ['get'] } }, [productLocator] as INodeProperties[]);

export async function execute(this: IExecuteFunctions, itemIndex: number, cache: ExecutionCache): Promise<OperationResult> {
	const productId = readProductId(this, itemIndex);
	const product = await cache.remember(`product:${productId}`, async () => await fetchProduct.call(this, productId, itemIndex));
	if (!product) {
		throw invalidInput(this, itemIndex, 'Product', productId, 'Your Plum catalogue has no product with this ID. Look it up with Voucher → Get Many.');
	}
	return product;
}
