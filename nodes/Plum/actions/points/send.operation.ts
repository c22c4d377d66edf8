import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { POINTS_CALLS, previewCall, sendPoints, sendPointsInput } from '../../api';
import type { PointsAnswer, PointsRecipient } from '../../api';
import { toNumbers } from '../../helpers/normalize';
import { requireEmail, requirePositiveNumber } from '../../helpers/validation';
import { guardOptions } from '../common.descriptions';
import type { ExecutionCache } from '../executionCache';
import { recallGrant, rememberGrant } from '../grantMemory';
import { claimRewardOnce, confirmClaim, readGuardOptions, sentNothing, settleFailedClaim, validateOnlyItem } from '../guards';
import type { GuardOptions, RewardClaim } from '../guards';
import type { BatchResult } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Sender Email',
		name: 'senderEmail',
		type: 'string',
		placeholder: 'admin@company.com',
		required: true,
		default: '',
		description: 'The email of your Plum super admin, who sends the points',
	},
	{ displayName: 'Recipient Name', name: 'recipientName', type: 'string', required: true, default: '' },
	{ displayName: 'Recipient Email', name: 'recipientEmail', type: 'string', placeholder: 'name@email.com', required: true, default: '' },
	{ displayName: 'Amount', name: 'amount', type: 'number', required: true, typeOptions: { minValue: 0 }, default: 0, description: 'Points to send' },
	{ displayName: 'Citation', name: 'citation', type: 'string', default: '', description: 'Why the points are given; shown to the recipient' },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{ displayName: 'Expiry (Months)', name: 'expiryMonth', type: 'number', typeOptions: { minValue: 1 }, default: 12, description: 'Months until the points expire' },
			guardOptions.rewardOnceKey,
			guardOptions.validateOnly,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['points'], operation: ['send'] } }, properties);

/**
 * Plum documents no per-call recipient limit; the sandbox and this node use 50, which keeps each
 * request small enough to answer well within the timeout.
 */
const RECIPIENTS_PER_REQUEST = 50;

interface Recipient extends PointsRecipient {
	itemIndex: number;
	senderEmail: string;
	expiryMonth?: number;
	guards: GuardOptions;
	/** The Reward Once Key claimed for this recipient, until its send is settled */
	claim?: RewardClaim;
}

function readRecipient(context: IExecuteFunctions, itemIndex: number): Recipient {
	const options = context.getNodeParameter('options', itemIndex, {}) as { expiryMonth?: number };
	const name = String(context.getNodeParameter('recipientName', itemIndex, '') ?? '').trim();
	return {
		itemIndex,
		guards: readGuardOptions(context, itemIndex),
		senderEmail: requireEmail(context, itemIndex, 'Sender Email', context.getNodeParameter('senderEmail', itemIndex)),
		expiryMonth: options.expiryMonth,
		to_name: name,
		to_email: requireEmail(context, itemIndex, 'Recipient Email', context.getNodeParameter('recipientEmail', itemIndex)),
		// Plum takes the amount as a string (docs/plum-api.md §5).
		amount: String(requirePositiveNumber(context, itemIndex, 'Amount', context.getNodeParameter('amount', itemIndex))),
		citation: String(context.getNodeParameter('citation', itemIndex, '') ?? ''),
	};
}

/** What identifies one grant: the same request for the same item is the same grant. */
function grantRequest({ senderEmail, expiryMonth, to_name, to_email, amount, citation }: Recipient) {
	return { senderEmail, expiryMonth, to_name, to_email, amount, citation };
}

/**
 * Sends one request per sender (and expiry) per 50 recipients, and pairs each answer back to its
 * item. Grants already made in this execution (before n8n's Retry On Fail) are returned, not sent
 * again. Without Continue On Fail the first failure stops the sending, and the grants that happened
 * are listed in its description: Plum has no key to find them again.
 */
export async function executeBatch(this: IExecuteFunctions, itemIndexes: number[], cache: ExecutionCache): Promise<BatchResult[]> {
	const results: BatchResult[] = [];
	const recipients: Recipient[] = [];
	for (const itemIndex of itemIndexes) {
		try {
			recipients.push(readRecipient(this, itemIndex));
		} catch (error) {
			// Without Continue On Fail one bad item stops the run before any points are sent.
			if (!this.continueOnFail()) return [{ itemIndex, error: error as Error }];
			results.push({ itemIndex, error: error as Error });
		}
	}

	const groups = new Map<string, Recipient[]>();
	for (const recipient of recipients) {
		const [recalled] = recallGrant(this, recipient.itemIndex, grantRequest(recipient)) ?? [];
		if (recalled && !recipient.guards.validateOnly) {
			results.push({ itemIndex: recipient.itemIndex, json: recalled });
			continue;
		}
		const guarded = await settleGuards(this, cache, recipient);
		if (guarded) {
			results.push(guarded);
			if (guarded.error && !this.continueOnFail()) {
				await releaseUnsent([...groups.values()].flat(), guarded.error);
				return [guarded];
			}
			continue;
		}
		const key = `${recipient.senderEmail}|${recipient.expiryMonth ?? ''}`;
		groups.set(key, [...(groups.get(key) ?? []), recipient]);
	}
	const unsent = new Set([...groups.values()].flat());
	sending: for (const group of groups.values()) {
		for (let start = 0; start < group.length; start += RECIPIENTS_PER_REQUEST) {
			const chunk = group.slice(start, start + RECIPIENTS_PER_REQUEST);
			chunk.forEach((recipient) => unsent.delete(recipient));
			const { outcomes, refused } = await sendChunk.call(this, chunk);
			for (const [position, outcome] of outcomes.entries()) {
				if (outcome.json) {
					rememberGrant(this, outcome.itemIndex, grantRequest(chunk[position]), [outcome.json]);
					await confirmClaim(chunk[position].claim);
				} else await settleFailedClaim(chunk[position].claim, outcome.error, refused.has(outcome.itemIndex) || sentNothing(outcome.error));
			}
			results.push(...outcomes);
			if (!this.continueOnFail() && outcomes.some((outcome) => outcome.error)) break sending;
		}
	}
	// Keys claimed for recipients whose request was never sent (the run stopped before them) are free again.
	await releaseUnsent([...unsent], undefined);
	results.sort((a, b) => a.itemIndex - b.itemIndex);
	if (!this.continueOnFail()) listGrantsIn(results);
	return results;
}

/**
 * Reward Once and Validate Only for one recipient: the item to return instead of sending (skipped,
 * validated or failed), or undefined when it is to be sent, with its key claimed.
 */
async function settleGuards(context: IExecuteFunctions, cache: ExecutionCache, recipient: Recipient): Promise<BatchResult | undefined> {
	const { itemIndex, guards } = recipient;
	try {
		if (guards.rewardOnceKey) {
			const claimed = await claimRewardOnce(context, cache, itemIndex, guards.rewardOnceKey, { validateOnly: guards.validateOnly });
			if ('skipped' in claimed) return { itemIndex, json: claimed.skipped };
			recipient.claim = claimed.claim;
		}
		if (!guards.validateOnly) return undefined;
		const { senderEmail, expiryMonth, to_name, to_email, amount, citation } = recipient;
		const request = await previewCall.call(context, POINTS_CALLS.sendBalance, sendPointsInput({ senderEmail, expiryMonth, recipients: [{ to_name, to_email, amount, citation }] }), { itemIndex });
		const fields: IDataObject = { senderEmail, recipientName: to_name, recipientEmail: to_email, amount: Number(amount), citation };
		if (guards.rewardOnceKey) fields.rewardOnceKey = guards.rewardOnceKey;
		return { itemIndex, json: validateOnlyItem(fields, request) };
	} catch (error) {
		return { itemIndex, error: error as Error };
	}
}

async function releaseUnsent(recipients: Recipient[], error: Error | undefined) {
	for (const recipient of recipients) {
		if (recipient.claim && !recipient.guards.validateOnly) await settleFailedClaim(recipient.claim, error ?? new Error('not sent'), true);
	}
}

/** Adds the grants that happened to the description of the failure that ends the run. */
function listGrantsIn(results: BatchResult[]) {
	const failure = results.find((result) => result.error)?.error as (Error & { description?: string | null }) | undefined;
	const granted = results.filter((result) => result.json).map((result) => result.json as IDataObject);
	if (!failure || granted.length === 0) return;
	const list = granted.map((grant) => `${String(grant.recipientEmail)}: ${String(grant.amount)} (unique_id ${String(grant.unique_id ?? 'not sent by Plum')})`);
	failure.description = [
		failure.description,
		`Before this failure Plum credited ${granted.length} recipient(s), and those grants stand: ${list.join('; ')}. Turn on Continue On Fail to get them as output items; cancel one with Reward Point → Cancel and its unique_id.`,
	]
		.filter(Boolean)
		.join(' ');
}

/** The chunk's outcomes, and the items Plum answered for and refused (nothing was sent to them). */
async function sendChunk(this: IExecuteFunctions, chunk: Recipient[]): Promise<{ outcomes: BatchResult[]; refused: Set<number> }> {
	const [first] = chunk;
	let answer: PointsAnswer;
	try {
		answer = await sendPoints.call(
			this,
			{
				senderEmail: first.senderEmail,
				expiryMonth: first.expiryMonth,
				recipients: chunk.map(({ to_name, to_email, amount, citation }) => ({ to_name, to_email, amount, citation })),
			},
			{ itemIndex: first.itemIndex },
		);
	} catch (error) {
		return { outcomes: chunk.map(({ itemIndex }) => ({ itemIndex, error: error as Error })), refused: new Set() };
	}
	const { outcomes } = answer;
	const paired = new Set<number>();
	const refused = new Set<number>();
	const results = chunk.map((recipient, position): BatchResult => {
		// Pair by email where Plum lists recipients, else by position; Plum may also list none.
		let index = outcomes.findIndex((entry, i) => !paired.has(i) && entry.to_email === recipient.to_email);
		if (index === -1 && position < outcomes.length && !paired.has(position)) index = position;
		if (index !== -1) paired.add(index);
		const { succeeded, ...details } = index === -1 ? { succeeded: true } : outcomes[index];
		const output: IDataObject = {
			// unique_id stays as Plum sent it: Cancel needs it exact.
			...toNumbers(details, ['amount']),
			senderEmail: recipient.senderEmail,
			recipientName: recipient.to_name,
			recipientEmail: recipient.to_email,
			amount: Number(recipient.amount),
			citation: recipient.citation,
			success: succeeded,
			message: details.message ?? answer.message,
		};
		if (succeeded) return { itemIndex: recipient.itemIndex, json: output };
		refused.add(recipient.itemIndex);
		return {
			itemIndex: recipient.itemIndex,
			error: new NodeApiError(this.getNode(), output as JsonObject, {
				message: `Plum did not send points to ${recipient.to_email}: ${String(output.message || 'no reason given')}`,
				itemIndex: recipient.itemIndex,
			}),
		};
	});
	return { outcomes: results, refused };
}
