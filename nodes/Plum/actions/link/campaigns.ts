import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { requirePositiveNumber } from '../../helpers/validation';

export const campaignPicker: INodeProperties = {
	displayName: 'Campaign Name or ID',
	name: 'campaignId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getCampaigns' },
	required: true,
	default: '',
	description:
		'The reward link campaign, created in the Plum dashboard. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export function readCampaignId(context: IExecuteFunctions, itemIndex: number): number {
	return requirePositiveNumber(context, itemIndex, 'Campaign', context.getNodeParameter('campaignId', itemIndex), { integer: true });
}
