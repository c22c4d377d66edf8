import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { validateToken } from '../../api';
import type { ExecutionCache } from '../executionCache';
import type { OperationResult } from '../types';

export const description: INodeProperties[] = [
	{
		displayName:
			'Refreshes the access token now and stores the new token pair in the credential. Schedule it (e.g. weekly) to keep a rarely used credential alive: Plum refresh tokens die after 30 days.',
		name: 'refreshNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['token'], operation: ['refresh'] } },
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	cache: ExecutionCache,
): Promise<OperationResult> {
	// One refresh per execution, however many items come in: Plum limits how often tokens refresh.
	return await cache.remember('token.refresh', async () => ({
		refreshed: true,
		...(await validateToken.call(this, { itemIndex, tokenIssuedAfter: Date.now() })),
	}));
}
