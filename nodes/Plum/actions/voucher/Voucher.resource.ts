import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getFilters from './getFilters.operation';

export { get, getAll, getFilters };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['voucher'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get one gift card product with its values and rules', action: 'Get a gift card product' },
			{ name: 'Get Filters', value: 'getFilters', description: 'List the countries, currencies and categories to filter the catalogue by', action: 'Get catalogue filters' },
			{ name: 'Get Many', value: 'getAll', description: 'List gift card products from the catalogue', action: 'Get many gift card products' },
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
	...getFilters.description,
];
