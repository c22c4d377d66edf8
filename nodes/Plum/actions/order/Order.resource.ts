import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export { create, get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Place a gift card order; safe to retry with the same PO number',
				action: 'Place a gift card order',
			},
			{ name: 'Get', value: 'get', description: 'Get an order by order ID or PO number', action: 'Get an order' },
			{ name: 'Get Many', value: 'getAll', description: 'Get the orders placed between two dates', action: 'Get many orders' },
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getAll.description,
];
