/**
 * Reward Link operations (tag xoxo_link, user token; plum-api.md §6).
 * Business failures (unknown or disabled campaign, bad expiry, bad e-mails) come back as HTTP 200 with
 * `success: 0` and a message, not as an HTTP error: a client that only checks the status code misses them.
 */
import { randomBytes } from 'node:crypto';
import type { OpCall, OpDefinition } from '../dispatcher.mts';
import { operationFamily } from './define.mts';
import { parseDayMonthYear } from '../clock.mts';
import type { Campaign, SandboxContext } from '../state.mts';
import {
	asRecord,
	isBlank,
	isEmail,
	readCsv,
	readFlag,
	readInteger,
	readPositiveInteger,
	readString,
} from './input.mts';

const LINKS_PER_CALL_LIMIT = 1000;

const failure = (message: string) => ({ success: 0, message });

function findCampaign(ctx: SandboxContext, value: unknown): Campaign | undefined {
	const campaignId = readPositiveInteger(value);
	return campaignId === undefined
		? undefined
		: ctx.state.campaigns.find((campaign) => campaign.campaignId === campaignId);
}

/** Shared checks of generateLink and generateLinkEmail; returns the campaign or a failure body. */
function checkCampaignAndExpiry(
	ctx: SandboxContext,
	data: Record<string, unknown>,
): Campaign | ReturnType<typeof failure> {
	const campaign = findCampaign(ctx, data.campaignId);
	if (!campaign) return failure(`Invalid campaignId ${JSON.stringify(data.campaignId ?? null)}`);
	if (campaign.status !== 'enabled') return failure(`Campaign ${campaign.campaignId} is disabled`);
	const expiry = parseDayMonthYear(data.link_expiry);
	if (expiry === null) return failure('link_expiry must be a date as DD-MM-YYYY');
	if (expiry < ctx.clock.now()) return failure('link_expiry must be in the future');
	return campaign;
}

function generateLink({ ctx, data }: OpCall) {
	const checked = checkCampaignAndExpiry(ctx, data);
	if (!('campaignId' in checked)) return { ...checked, links: [] };
	const quantity = readPositiveInteger(data.links_quantity);
	if (quantity === undefined || quantity > LINKS_PER_CALL_LIMIT) {
		return {
			...failure(`links_quantity must be an integer from 1 to ${LINKS_PER_CALL_LIMIT}`),
			links: [],
		};
	}
	const batchId = `SBX-BATCH-${ctx.state.linkBatches.length + 1}-${randomBytes(3).toString('hex')}`;
	const links = Array.from(
		{ length: quantity },
		() => `https://sandbox.plum.invalid/r/${randomBytes(9).toString('base64url')}`,
	);
	ctx.state.linkBatches.push({
		batchId,
		campaignId: checked.campaignId,
		links,
		emails: [],
		linkExpiry: String(data.link_expiry),
		at: ctx.clock.now(),
	});
	return {
		success: 1,
		message: `${quantity} link(s) generated`,
		links,
		batchId,
		campaignName: checked.campaignName,
		campaignId: checked.campaignId,
		denomination_value: checked.denomination_value,
		countryName: checked.countryName,
		currencyCode: checked.currencyCode,
	};
}

function generateLinkEmail({ ctx, data }: OpCall) {
	const checked = checkCampaignAndExpiry(ctx, data);
	if (!('campaignId' in checked)) return checked;
	const emails = readCsv(data.email_ids);
	if (emails.length === 0) return failure('email_ids must list at least one e-mail address');
	const bad = emails.filter((email) => !isEmail(email));
	if (bad.length > 0) return failure(`Invalid email ids: ${bad.join(', ')}`);
	const links = emails.map(
		() => `https://sandbox.plum.invalid/r/${randomBytes(9).toString('base64url')}`,
	);
	ctx.state.linkBatches.push({
		batchId: `SBX-MAIL-${ctx.state.linkBatches.length + 1}`,
		campaignId: checked.campaignId,
		links,
		emails,
		linkExpiry: String(data.link_expiry),
		at: ctx.clock.now(),
	});
	return { success: 1, message: `Links sent to ${emails.length} email id(s)` };
}

function campaignList({ ctx, variables }: OpCall) {
	// DX's quick-start puts these under `add_data`, not `data` (plum-api.md §6).
	const query = asRecord(variables.add_data) ?? {};
	const limit = isBlank(query.limit) ? 10 : readPositiveInteger(query.limit);
	const offset = isBlank(query.offset) ? 0 : readInteger(query.offset);
	if (limit === undefined || offset === undefined || offset < 0) {
		return {
			success: 0,
			data: [],
			count: 0,
			errors: ['limit must be a positive integer and offset a non-negative integer'],
		};
	}
	const name = (readString(query.name) ?? '').trim().toLowerCase();
	const enabled = isBlank(query.enabled) ? undefined : readFlag(query.enabled);
	const matching = ctx.state.campaigns.filter(
		(campaign) =>
			(name === '' || campaign.campaignName.toLowerCase().includes(name)) &&
			(enabled === undefined || (campaign.status === 'enabled') === (enabled === 1)),
	);
	return {
		success: 1,
		data: matching
			.slice(offset, offset + limit)
			.map(({ vouchers: _vouchers, ...campaign }) => campaign),
		count: matching.length,
		errors: null,
	};
}

function campaignDetails({ ctx, data }: OpCall) {
	const campaign = findCampaign(ctx, data.campaignId);
	if (!campaign)
		return {
			...failure(`Invalid campaignId ${JSON.stringify(data.campaignId ?? null)}`),
			data: [],
		};
	const { currencyCode, ...rest } = campaign;
	return { success: 1, data: [{ ...structuredClone(rest), currency_code: currencyCode }] };
}

const link = operationFamily('xoxo_link', 'xoxo_link', 'user');

export const linkOperations: OpDefinition[] = [
	link('generateLink', 'mutation', generateLink),
	// The e-mail variant answers under `generateLink` too (HP send-link-api).
	link('generateLinkEmail', 'mutation', generateLinkEmail, { responseKey: () => 'generateLink' }),
	link('campaignList', 'query', campaignList),
	link('campaignDetails', 'mutation', campaignDetails),
];
