import type { IDataObject } from 'n8n-workflow';

import { plumDispatchList } from '../../transport';
import type { PlumContext } from '../../transport';

export interface CampaignQuery {
	limit: number;
	offset: number;
	name?: string;
	enabled?: boolean;
	itemIndex?: number;
}

/** One page of campaignList, which takes its input as `variables.add_data` (plum-api.md §6). */
export async function fetchCampaignPage(this: PlumContext, query: CampaignQuery): Promise<IDataObject[]> {
	const data: IDataObject = { limit: query.limit, offset: query.offset };
	if (query.name) data.name = query.name;
	if (query.enabled !== undefined) data.enabled = query.enabled;
	return await plumDispatchList.call(this, {
		query: 'xoxo_link.query.campaignList',
		tag: 'xoxo_link',
		data,
		variablesKey: 'add_data',
		retryable: true,
		itemIndex: query.itemIndex,
	});
}

export const campaignPicker = {
	displayName: 'Campaign Name or ID',
	name: 'campaignId',
	type: 'options' as const,
	typeOptions: { loadOptionsMethod: 'getCampaigns' },
	required: true,
	default: '',
	description:
		'The reward link campaign, created in the Plum dashboard. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};
