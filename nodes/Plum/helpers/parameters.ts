import type { IExecuteFunctions } from 'n8n-workflow';

import { invalidInput } from './validation';

/** A product ID from the resource locator, or from a plain number set by an expression or an older workflow. */
export function readProductId(context: IExecuteFunctions, itemIndex: number): number {
	const raw = context.getNodeParameter('productId', itemIndex) as unknown;
	const value = raw && typeof raw === 'object' && 'value' in raw ? (raw as { value: unknown }).value : raw;
	const id = typeof value === 'string' ? Number(value.trim()) : value;
	if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0) {
		throw invalidInput(context, itemIndex, 'Product', value, 'Pick a product from the list or enter its numeric product ID.');
	}
	return id;
}
