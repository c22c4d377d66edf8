import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requireProduct } from '../catalogue';
import { productLocator } from '../common.descriptions';
import type { ExecutionCache } from '../executionCache';
import type { OperationResult } from '../types';

export const description = updateDisplayOptions({ show: { resource: ['voucher'], operation: ['get'] } }, [productLocator] as INodeProperties[]);

/** Plum's current answer (once per execution), which also refreshes the catalogue the process keeps for orders. */
export async function execute(this: IExecuteFunctions, itemIndex: number, cache: ExecutionCache): Promise<OperationResult> {
	return (await requireProduct(this, itemIndex, cache, undefined, { refresh: true })).product;
}
