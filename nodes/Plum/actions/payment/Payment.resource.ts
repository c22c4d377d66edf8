import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['payment'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get the account\'s payments and balance changes between two dates',
				action: 'Get many payments',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
