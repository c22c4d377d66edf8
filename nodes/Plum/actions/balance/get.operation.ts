import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getBalance } from '../../api';
import type { OperationResult } from '../types';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult> {
	return await getBalance.call(this, { itemIndex });
}
