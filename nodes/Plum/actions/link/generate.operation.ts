import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { generateLinks } from '../../api';
import { toLinkExpiry } from '../../helpers/dates';
import { toNumbers } from '../../helpers/normalize';
import { requireDate, requirePositiveNumber } from '../../helpers/validation';
import { recallGrant, rememberGrant } from '../grantMemory';
import type { OperationResult } from '../types';
import { campaignPicker, readCampaignId } from './campaigns';

export const description = updateDisplayOptions({ show: { resource: ['link'], operation: ['generate'] } }, [
	campaignPicker,
	{ displayName: 'Quantity', name: 'quantity', type: 'number', typeOptions: { minValue: 1 }, default: 1, description: 'How many reward links to generate' },
	{ displayName: 'Expiry Date', name: 'expiryDate', type: 'dateTime', required: true, default: '', description: 'The last day the links can be redeemed' },
] as INodeProperties[]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult> {
	const campaignId = readCampaignId(this, itemIndex);
	const quantity = requirePositiveNumber(this, itemIndex, 'Quantity', this.getNodeParameter('quantity', itemIndex), { integer: true });
	const expiry = toLinkExpiry(requireDate(this, itemIndex, 'Expiry Date', this.getNodeParameter('expiryDate', itemIndex)));
	// Links cost money and Plum has no key for them: a retry within this execution returns the links made before.
	const request = { campaignId, quantity, expiry };
	const recalled = recallGrant(this, itemIndex, request);
	if (recalled) return recalled;
	const { links, batch } = await generateLinks.call(this, request, { itemIndex });
	const common: IDataObject = { ...toNumbers(batch, ['campaignId', 'denomination_value']), linkExpiry: expiry };
	common.campaignId ??= campaignId;
	const output = links.map((link) => ({ link, ...common }));
	rememberGrant(this, itemIndex, request, output);
	return output;
}
