import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** Page size used when returning everything: large pages spend fewer of Plum's per-minute calls. */
export const ALL_PAGE_SIZE = 100;

/**
 * Collects records page by page (pages start at 1) until `wanted` records are in, or a page comes
 * back short. `wanted` is Infinity for Return All.
 */
export async function collectPages(
	fetchPage: (page: number, pageSize: number) => Promise<IDataObject[]>,
	wanted: number,
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	const pageSize = Number.isFinite(wanted) ? Math.min(Math.max(wanted, 1), ALL_PAGE_SIZE) : ALL_PAGE_SIZE;
	for (let page = 1; records.length < wanted; page++) {
		const batch = await fetchPage(page, pageSize);
		records.push(...batch);
		if (batch.length < pageSize) break;
	}
	return records.slice(0, wanted);
}

/** Infinity when Return All is on, else the Limit parameter. */
export function wantedCount(context: IExecuteFunctions, itemIndex: number): number {
	return context.getNodeParameter('returnAll', itemIndex, false) ? Infinity : (context.getNodeParameter('limit', itemIndex, 50) as number);
}
