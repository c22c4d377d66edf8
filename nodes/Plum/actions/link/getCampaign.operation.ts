import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getCampaignDetails } from '../../api';
import type { OperationResult } from '../types';
import { campaignPicker, readCampaignId } from './campaigns';

export const description = updateDisplayOptions({ show: { resource: ['link'], operation: ['getCampaign'] } }, [campaignPicker] as INodeProperties[]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult> {
	return await getCampaignDetails.call(this, readCampaignId(this, itemIndex), { itemIndex });
}
