import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { toLinkExpiry } from '../../helpers/dates';
import { toNumbers } from '../../helpers/normalize';
import { requireDate, requirePositiveNumber } from '../../helpers/validation';
import { plumDispatch } from '../../transport';
import type { OperationResult } from '../types';
import { campaignPicker } from './campaigns';
import { readCampaignId } from './readCampaignId';

export const description = updateDisplayOptions({ show: { resource: ['link'], operation: ['generate'] } }, [
	campaignPicker,
	{ displayName: 'Quantity', name: 'quantity', type: 'number', typeOptions: { minValue: 1 }, default: 1, description: 'How many reward links to generate' },
	{ displayName: 'Expiry Date', name: 'expiryDate', type: 'dateTime', required: true, default: '', description: 'The last day the links can be redeemed' },
] as INodeProperties[]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult> {
	const campaignId = readCampaignId(this, itemIndex);
	const quantity = requirePositiveNumber(this, itemIndex, 'Quantity', this.getNodeParameter('quantity', itemIndex), { integer: true });
	const expiry = toLinkExpiry(requireDate(this, itemIndex, 'Expiry Date', this.getNodeParameter('expiryDate', itemIndex)));
	const result = await plumDispatch.call(this, {
		query: 'xoxo_link.mutation.generateLink',
		tag: 'xoxo_link',
		path: '/v1/oauth/api/generateLink',
		data: { campaignId, links_quantity: quantity, link_expiry: expiry },
		retryable: false,
		itemIndex,
	});
	const { links, ...batch } = result;
	delete batch.success;
	const common: IDataObject = { ...toNumbers(batch, ['campaignId', 'denomination_value']), linkExpiry: expiry };
	common.campaignId ??= campaignId;
	return (Array.isArray(links) ? links : []).map((link) => ({ link: link as string, ...common }));
}
