import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getOrderHistory } from '../../api';
import { toPlumDate } from '../../helpers/dates';
import { collectPages, wantedCount } from '../../helpers/pagination';
import { requireDateRange } from '../../helpers/validation';
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
	return await collectPages(
		async (page, limit) => await getOrderHistory.call(this, { startDate: toPlumDate(start), endDate: toPlumDate(end), page, limit, tag }, { itemIndex }),
		wantedCount(this, itemIndex),
	);
}
