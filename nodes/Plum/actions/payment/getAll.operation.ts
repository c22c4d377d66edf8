import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getPaymentHistory } from '../../api';
import { toPlumDate } from '../../helpers/dates';
import { collectPages, wantedCount } from '../../helpers/pagination';
import { requireDateRange } from '../../helpers/validation';
import { dateRange, returnAllAndLimit } from '../common.descriptions';
import type { OperationResult } from '../types';

const show = { resource: ['payment'], operation: ['getAll'] };

export const description = updateDisplayOptions({ show }, [
	...dateRange(show, 'the payment history'),
	...returnAllAndLimit(show),
] as INodeProperties[]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult> {
	const { start, end } = requireDateRange(this, itemIndex);
	return await collectPages(
		async (page, limit) => await getPaymentHistory.call(this, { startDate: toPlumDate(start), endDate: toPlumDate(end), page, limit }, { itemIndex }),
		wantedCount(this, itemIndex),
	);
}
