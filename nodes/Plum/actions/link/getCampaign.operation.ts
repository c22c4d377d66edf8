import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { toNumbers } from '../../helpers/normalize';
import { plumDispatch } from '../../transport';
import type { OperationResult } from '../types';
import { campaignPicker } from './campaigns';
import { CAMPAIGN_NUMBER_FIELDS } from './getCampaigns.operation';
import { readCampaignId } from './readCampaignId';

export const description = updateDisplayOptions({ show: { resource: ['link'], operation: ['getCampaign'] } }, [campaignPicker] as INodeProperties[]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult> {
	const campaignId = readCampaignId(this, itemIndex);
	const result = await plumDispatch.call(this, {
		query: 'xoxo_link.mutation.campaignDetails',
		tag: 'xoxo_link',
		data: { campaignId },
		retryable: true,
		itemIndex,
	});
	const records = Array.isArray(result.data) ? (result.data as IDataObject[]) : [result.data as IDataObject];
	return records.filter(Boolean).map((campaign) => toNumbers(campaign, CAMPAIGN_NUMBER_FIELDS));
}
