import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { toPlumDate } from '../../helpers/dates';
import { normalizeOrder } from '../../helpers/orders';
import { collectPages, wantedCount } from '../../helpers/pagination';
import { requireDateRange } from '../../helpers/validation';
import { plumDispatch } from '../../transport';
import { asNodeError, plumFailureOf } from '../../transport/errors';
import { dateRange, returnAllAndLimit } from '../common.descriptions';
import type { OperationResult } from '../types';

const show = { resource: ['order'], operation: ['getAll'] };

const properties: INodeProperties[] = [
	...dateRange(show, 'the order history'),
	...returnAllAndLimit(show),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [{ displayName: 'Tag', name: 'tag', type: 'string', default: '', description: 'Only orders placed with this tag' }],
	},
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult> {
	const { start, end } = requireDateRange(this, itemIndex);
	const { tag } = this.getNodeParameter('options', itemIndex, {}) as { tag?: string };
	const orders = await collectPages(async (page, limit) => {
		const data: IDataObject = { startDate: toPlumDate(start), endDate: toPlumDate(end), page, limit };
		if (tag) data.tag = tag;
		try {
			const result = await plumDispatch.call(this, { query: 'plumProAPI.mutation.getOrderHistory', tag: 'plumProAPI', data, retryable: true, itemIndex });
			return Array.isArray(result.data) ? (result.data as IDataObject[]) : [];
		} catch (error) {
			// "No order history found" is an empty result, not a failure.
			const failure = plumFailureOf(error);
			if (failure?.errorId === 'PLE10022' || failure?.errorId === 'PLE10027') return [];
			throw asNodeError(this, error);
		}
	}, wantedCount(this, itemIndex));
	return orders.map(normalizeOrder);
}
