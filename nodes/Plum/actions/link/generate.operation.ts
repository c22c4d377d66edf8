import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { generateLinks, generateLinksInput, LINK_CALLS, previewCall } from '../../api';
import { toLinkExpiry } from '../../helpers/dates';
import { toNumbers } from '../../helpers/normalize';
import { requireDate, requirePositiveNumber } from '../../helpers/validation';
import { guardOptions } from '../common.descriptions';
import type { ExecutionCache } from '../executionCache';
import { recallGrant, rememberGrant } from '../grantMemory';
import { readGuardOptions, sendGuarded } from '../guards';
import type { OperationResult } from '../types';
import { campaignPicker, readCampaignId } from './campaigns';

export const description = updateDisplayOptions({ show: { resource: ['link'], operation: ['generate'] } }, [
	campaignPicker,
	{ displayName: 'Quantity', name: 'quantity', type: 'number', typeOptions: { minValue: 1 }, default: 1, description: 'How many reward links to generate' },
	{ displayName: 'Expiry Date', name: 'expiryDate', type: 'dateTime', required: true, default: '', description: 'The last day the links can be redeemed' },
	{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: [guardOptions.rewardOnceKey, guardOptions.validateOnly] },
] as INodeProperties[]);

export async function execute(this: IExecuteFunctions, itemIndex: number, cache: ExecutionCache): Promise<OperationResult> {
	const guards = readGuardOptions(this, itemIndex);
	const campaignId = readCampaignId(this, itemIndex);
	const quantity = requirePositiveNumber(this, itemIndex, 'Quantity', this.getNodeParameter('quantity', itemIndex), { integer: true });
	const expiry = toLinkExpiry(requireDate(this, itemIndex, 'Expiry Date', this.getNodeParameter('expiryDate', itemIndex)));
	// Links cost money and Plum has no key for them: a retry within this execution returns the links made before.
	const request = { campaignId, quantity, expiry };
	const recalled = guards.validateOnly ? undefined : recallGrant(this, itemIndex, request);
	if (recalled) return recalled;
	return await sendGuarded(this, cache, itemIndex, {
		guards,
		preview: async () => ({
			fields: { campaignId, quantity, linkExpiry: expiry },
			request: await previewCall.call(this, LINK_CALLS.generateLink, generateLinksInput(request), { itemIndex }),
		}),
		send: async () => {
			const { links, batch } = await generateLinks.call(this, request, { itemIndex });
			const common: IDataObject = { ...toNumbers(batch, ['campaignId', 'denomination_value']), linkExpiry: expiry };
			common.campaignId ??= campaignId;
			const output = links.map((link) => ({ link, ...common }));
			rememberGrant(this, itemIndex, request, output);
			return output;
		},
	});
}
