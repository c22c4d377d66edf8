import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { toNumber } from '../../helpers/normalize';
import { requireEmail } from '../../helpers/validation';
import { plumDispatch } from '../../transport';
import type { OperationResult } from '../types';

export const description = updateDisplayOptions({ show: { resource: ['points'], operation: ['getBalance'] } }, [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		description: 'The user whose points balance to get',
	},
] as INodeProperties[]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult> {
	const email = requireEmail(this, itemIndex, 'Email', this.getNodeParameter('email', itemIndex));
	const result = await plumDispatch.call(this, {
		query: 'storesAdmin.query.user_balance',
		tag: 'storeAdmin',
		data: { email, phone: '' },
		variablesKey: 'user_data',
		retryable: true,
		itemIndex,
	});
	const data = (result.data ?? {}) as { total?: unknown };
	return { email, total: toNumber(data.total) as number, message: result.message ?? '' };
}
