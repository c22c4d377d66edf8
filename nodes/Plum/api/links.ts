import type { IDataObject } from 'n8n-workflow';

import type { PlumContext } from '../transport';
import type { CallOptions, PlumCall } from './define';
import { callPlum, callPlumList } from './define';
import type { PlumCampaign } from './records';
import { toCampaign } from './records';

/** The Reward Link calls (`tag: xoxo_link`, user token; docs/plum-api.md §6). */
export const LINK_CALLS = {
	// Links cost money and Plum has no idempotency key for them: never sent again automatically.
	generateLink: { query: 'xoxo_link.mutation.generateLink', path: '/v1/oauth/api/generateLink', safeToResend: false },
	// Plum answers this one under `generateLink` (§6).
	generateLinkEmail: { query: 'xoxo_link.mutation.generateLinkEmail', path: '/v1/oauth/api/sendLinks', resultKeys: ['generateLink'], safeToResend: false },
	campaignList: { query: 'xoxo_link.query.campaignList', variablesKey: 'add_data', safeToResend: true },
	campaignDetails: { query: 'xoxo_link.mutation.campaignDetails', safeToResend: true },
} as const satisfies Record<string, PlumCall>;

type Options = Pick<CallOptions, 'itemIndex'>;

/** Generated links and what Plum says of the batch (campaign, value, currency). */
export interface GeneratedLinks {
	links: string[];
	batch: IDataObject;
}

/** generateLink's input, as Plum takes it; `expiry` is DD-MM-YYYY. */
export function generateLinksInput(request: { campaignId: number; quantity: number; expiry: string }): IDataObject {
	return { campaignId: request.campaignId, links_quantity: request.quantity, link_expiry: request.expiry };
}

/** `expiry` is DD-MM-YYYY, as Plum takes it. */
export async function generateLinks(
	this: PlumContext,
	request: { campaignId: number; quantity: number; expiry: string },
	options: Options = {},
): Promise<GeneratedLinks> {
	const result = await callPlum.call(this, LINK_CALLS.generateLink, generateLinksInput(request), options);
	const { links, ...batch } = result;
	delete batch.success;
	return { links: Array.isArray(links) ? links.map(String) : [], batch };
}

/** Plum emails one link to each address; answers only with a message. */
export async function sendLinks(
	this: PlumContext,
	request: { campaignId: number; emails: string[]; expiry: string },
	options: Options = {},
): Promise<{ message: string }> {
	const result = await callPlum.call(this, LINK_CALLS.generateLinkEmail, { campaignId: request.campaignId, email_ids: request.emails.join(','), link_expiry: request.expiry }, options);
	return { message: typeof result.message === 'string' ? result.message : '' };
}

export interface CampaignQuery {
	limit: number;
	offset: number;
	name?: string;
	enabled?: boolean;
}

/** One page of campaigns. */
export async function getCampaigns(this: PlumContext, query: CampaignQuery, options: Options = {}): Promise<PlumCampaign[]> {
	const data: IDataObject = { limit: query.limit, offset: query.offset };
	if (query.name) data.name = query.name;
	if (query.enabled !== undefined) data.enabled = query.enabled;
	const campaigns = await callPlumList.call(this, LINK_CALLS.campaignList, data, options);
	return campaigns.map(toCampaign);
}

/** One campaign's details (Plum may send one record or a list). */
export async function getCampaignDetails(this: PlumContext, campaignId: number, options: Options = {}): Promise<PlumCampaign[]> {
	const result = await callPlum.call(this, LINK_CALLS.campaignDetails, { campaignId }, options);
	const records = Array.isArray(result.data) ? (result.data as IDataObject[]) : [result.data as IDataObject];
	return records.filter(Boolean).map(toCampaign);
}
