import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getPointsBalance } from '../../api';
import { requireEmail } from '../../helpers/validation';
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
	return { email, ...(await getPointsBalance.call(this, email, { itemIndex })) };
}
