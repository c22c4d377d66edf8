import type { IDataObject } from 'n8n-workflow';

import { plumDispatchList } from '../transport';
import type { PlumContext } from '../transport';

/** getFilters for one group ('' = every group), one record per filter group. */
export async function fetchFilterGroups(this: PlumContext, filterGroupCode: string, itemIndex?: number): Promise<IDataObject[]> {
	return await plumDispatchList.call(this, {
		query: 'plumProAPI.mutation.getFilters',
		tag: 'plumProAPI',
		data: { filterGroupCode, includeFilters: '', excludeFilters: '' },
		retryable: true,
		itemIndex,
	});
}
