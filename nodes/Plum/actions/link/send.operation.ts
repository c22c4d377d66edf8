import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { sendLinks } from '../../api';
import { toLinkExpiry } from '../../helpers/dates';
import { invalidInput, isEmail, requireDate } from '../../helpers/validation';
import { recallGrant, rememberGrant } from '../grantMemory';
import type { OperationResult } from '../types';
import { campaignPicker, readCampaignId } from './campaigns';

export const description = updateDisplayOptions({ show: { resource: ['link'], operation: ['send'] } }, [
	campaignPicker,
	{
		displayName: 'Emails',
		name: 'emails',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'ana@example.com, li@example.com',
		description: 'Comma-separated addresses; each receives one reward link by email',
	},
	{ displayName: 'Expiry Date', name: 'expiryDate', type: 'dateTime', required: true, default: '', description: 'The last day the links can be redeemed' },
] as INodeProperties[]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult> {
	const campaignId = readCampaignId(this, itemIndex);
	const raw = String(this.getNodeParameter('emails', itemIndex, '') ?? '');
	const emails = raw.split(/[,;\s]+/).map((email) => email.trim()).filter(Boolean);
	const bad = emails.filter((email) => !isEmail(email));
	if (emails.length === 0 || bad.length > 0) {
		throw invalidInput(this, itemIndex, 'Emails', bad.length ? bad.join(', ') : raw, 'Enter email addresses separated by commas, e.g. ana@example.com, li@example.com.');
	}
	const expiry = toLinkExpiry(requireDate(this, itemIndex, 'Expiry Date', this.getNodeParameter('expiryDate', itemIndex)));
	const request = { campaignId, emails, expiry };
	const [recalled] = recallGrant(this, itemIndex, request) ?? [];
	if (recalled) return recalled;
	const { message } = await sendLinks.call(this, request, { itemIndex });
	const output = { campaignId, emails, linkExpiry: expiry, success: true, message };
	rememberGrant(this, itemIndex, request, [output]);
	return output;
}
