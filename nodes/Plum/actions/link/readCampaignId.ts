import type { IExecuteFunctions } from 'n8n-workflow';

import { requirePositiveNumber } from '../../helpers/validation';

export function readCampaignId(context: IExecuteFunctions, itemIndex: number): number {
	return requirePositiveNumber(context, itemIndex, 'Campaign', context.getNodeParameter('campaignId', itemIndex), { integer: true });
}
