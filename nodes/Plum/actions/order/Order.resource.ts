import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export { create, get, getAll };

/** The operations, shared by the per-version Operation properties below. */
const operations = [
	{
		name: 'Create',
		value: 'create',
		description: 'Place a gift card order; safe to retry with the same PO number',
		action: 'Place a gift card order',
	},
	{ name: 'Get', value: 'get', description: 'Get an order by order ID or PO number', action: 'Get an order' },
	{ name: 'Get Many', value: 'getAll', description: 'Get the orders placed between two dates', action: 'Get many orders' },
];

/**
 * n8n does not save a parameter equal to its default, so a node saved without an operation runs
 * whatever the default is. Version 1 keeps Create; from 1.1 a new node (and a new Plum Tool, where an
 * agent has no stable PO number) opens on Get, a read.
 */
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'], '@version': [1] } },
		options: operations,
		default: 'create',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'], '@version': [{ _cnd: { gte: 1.1 } }] } },
		options: operations,
		default: 'get',
	},
	...create.description,
	...get.description,
	...getAll.description,
];
