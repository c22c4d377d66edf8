import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { plumDispatch } from '../../transport';
import { toNumbers } from '../../helpers/normalize';
import type { OperationResult } from '../types';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult> {
	const result = await plumDispatch.call(this, {
		query: 'plumProAPI.query.getBalance',
		tag: 'plumProAPI',
		data: {},
		retryable: true,
		itemIndex,
	});
	return toNumbers(result.data, ['value', 'points']);
}
