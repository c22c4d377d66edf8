import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { toPlumDate } from '../../helpers/dates';
import { normalizeOrder } from '../../helpers/orders';
import { collectPages, wantedCount } from '../../helpers/pagination';
import { requireDateRange } from '../../helpers/validation';
import { plumDispatchList } from '../../transport';
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
		return await plumDispatchList.call(this, {
			query: 'plumProAPI.mutation.getOrderHistory',
			tag: 'plumProAPI',
			data,
			noRecordsErrorIds: ['PLE10022', 'PLE10027'],
			retryable: true,
			itemIndex,
		});
	}, wantedCount(this, itemIndex));
	return orders.map(normalizeOrder);
}
