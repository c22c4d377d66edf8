import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getFilters } from '../../api';
import type { OperationResult } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Filter Group',
		name: 'filterGroupCode',
		type: 'options',
		options: [
			{ name: 'All Groups', value: '' },
			{ name: 'Country', value: 'country' },
			{ name: 'Currency', value: 'currency' },
			{ name: 'Price', value: 'price' },
			{ name: 'Product Category', value: 'product_category' },
			{ name: 'Voucher Category', value: 'voucher_category' },
		],
		default: '',
		description: 'Which filter values to list. Use a value\'s filterValueCode in Voucher → Get Many.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['voucher'], operation: ['getFilters'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult> {
	const code = String(this.getNodeParameter('filterGroupCode', itemIndex, '') ?? '');
	return await getFilters.call(this, code, { itemIndex });
}
