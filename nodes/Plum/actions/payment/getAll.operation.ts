import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { plumTimestampToIso, toPlumDate } from '../../helpers/dates';
import { toNumbers } from '../../helpers/normalize';
import { collectPages, wantedCount } from '../../helpers/pagination';
import { requireDateRange } from '../../helpers/validation';
import { plumDispatchList } from '../../transport';
import { asNodeError, plumFailureOf } from '../../transport/errors';
import { dateRange, returnAllAndLimit } from '../common.descriptions';
import type { ExecutionCache, OperationResult } from '../types';

const show = { resource: ['payment'], operation: ['getAll'] };

export const description = updateDisplayOptions({ show }, [
	...dateRange(show, 'the payment history'),
	...returnAllAndLimit(show),
] as INodeProperties[]);

const QUERY = 'plumProAPI.mutation.paymentHistory';
type Envelope = 'dataData' | 'variablesData' | 'data';

/**
 * The sources disagree on where paymentHistory takes its input (plum-api.md §4.7): Plum's own spec
 * says top-level `data.data` "intentionally", other pages say top-level `data`, the OpenAPI sketch
 * says `variables.data`. We send the spec's form first and fall back to the others only when Plum
 * rejects the request as malformed (HTTP 400); the form that worked is kept for the execution.
 */
const ENVELOPES: Record<Envelope, (input: IDataObject) => IDataObject> = {
	dataData: (input) => ({ query: QUERY, tag: 'plumProAPI', data: { data: input } }),
	variablesData: (input) => ({ query: QUERY, tag: 'plumProAPI', variables: { data: input } }),
	data: (input) => ({ query: QUERY, tag: 'plumProAPI', data: input }),
};

const NUMBER_FIELDS = ['adjusted_amount', 'closing_balance'] as const;

async function fetchPaymentPage(
	this: IExecuteFunctions,
	input: IDataObject,
	itemIndex: number,
	cache: ExecutionCache,
): Promise<IDataObject[]> {
	const known = cache.get<Envelope>('payment.envelope');
	const order: Envelope[] = known ? [known] : ['dataData', 'variablesData', 'data'];
	for (const [index, envelope] of order.entries()) {
		try {
			const rows = await plumDispatchList.call(this, {
				query: QUERY,
				tag: 'plumProAPI',
				envelope: ENVELOPES[envelope](input),
				resultKeys: ['getPaymentReport'],
				noRecordsErrorIds: ['PLE10027', 'PLE10022'],
				retryable: true,
				itemIndex,
			});
			cache.set('payment.envelope', envelope);
			return rows;
		} catch (error) {
			if (plumFailureOf(error)?.status !== 400 || index === order.length - 1) throw asNodeError(this, error);
		}
	}
	return [];
}

export async function execute(this: IExecuteFunctions, itemIndex: number, cache: ExecutionCache): Promise<OperationResult> {
	const { start, end } = requireDateRange(this, itemIndex);
	const rows = await collectPages(
		async (page, limit) => await fetchPaymentPage.call(this, { startDate: toPlumDate(start), endDate: toPlumDate(end), page, limit }, itemIndex, cache),
		wantedCount(this, itemIndex),
	);
	return rows.map((row) => ({ ...toNumbers(row, NUMBER_FIELDS), dateIso: plumTimestampToIso(row.date) }));
}
