import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { validateToken } from '../../api';
import type { ExecutionCache } from '../executionCache';
import type { OperationResult } from '../types';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number, cache: ExecutionCache): Promise<OperationResult> {
	return await cache.remember('token.status', async () => await validateToken.call(this, { itemIndex }));
}
