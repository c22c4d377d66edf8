import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ExecutionCache, OperationResult } from '../types';
import { validateAndDescribeTokens } from './status';

export const description: INodeProperties[] = [];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	cache: ExecutionCache,
): Promise<OperationResult> {
	return await cache.remember('token.status', async () =>
		await validateAndDescribeTokens.call(this, itemIndex),
	);
}
