import type { IExecuteFunctions } from 'n8n-workflow';

/** Page size used when returning everything: large pages spend fewer of Plum's per-minute calls. */
const ALL_PAGE_SIZE = 100;

/** 100,000 records at most: far beyond any Plum catalogue or history, short of an endless loop. */
const MAX_PAGES = 1000;

/**
 * Collects records page by page (pages start at 1) until `wanted` records are in, a page comes back
 * short, or a page repeats the previous one. `wanted` is Infinity for Return All.
 */
export async function collectPages<T>(
	fetchPage: (page: number, pageSize: number) => Promise<T[]>,
	wanted: number,
): Promise<T[]> {
	const records: T[] = [];
	const pageSize = Number.isFinite(wanted) ? Math.min(Math.max(wanted, 1), ALL_PAGE_SIZE) : ALL_PAGE_SIZE;
	let previousFirst: string | undefined;
	for (let page = 1; records.length < wanted && page <= MAX_PAGES; page++) {
		const batch = await fetchPage(page, pageSize);
		// A server that ignores the page number would send the same page forever.
		const first = batch.length ? JSON.stringify(batch[0]) : undefined;
		if (first !== undefined && first === previousFirst) break;
		previousFirst = first;
		records.push(...batch);
		if (batch.length < pageSize) break;
	}
	return records.slice(0, wanted);
}

/** Infinity when Return All is on, else the Limit parameter. */
export function wantedCount(context: IExecuteFunctions, itemIndex: number): number {
	return context.getNodeParameter('returnAll', itemIndex, false) ? Infinity : (context.getNodeParameter('limit', itemIndex, 50) as number);
}
