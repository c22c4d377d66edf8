import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { sendPoints } from '../../api';
import type { PointsAnswer, PointsRecipient } from '../../api';
import { toNumbers } from '../../helpers/normalize';
import { requireEmail, requirePositiveNumber } from '../../helpers/validation';
import { recallGrant, rememberGrant } from '../grantMemory';
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
}

function readRecipient(context: IExecuteFunctions, itemIndex: number): Recipient {
	const options = context.getNodeParameter('options', itemIndex, {}) as { expiryMonth?: number };
	const name = String(context.getNodeParameter('recipientName', itemIndex, '') ?? '').trim();
	return {
		itemIndex,
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
export async function executeBatch(this: IExecuteFunctions, itemIndexes: number[]): Promise<BatchResult[]> {
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
		if (recalled) {
			results.push({ itemIndex: recipient.itemIndex, json: recalled });
			continue;
		}
		const key = `${recipient.senderEmail}|${recipient.expiryMonth ?? ''}`;
		groups.set(key, [...(groups.get(key) ?? []), recipient]);
	}
	sending: for (const group of groups.values()) {
		for (let start = 0; start < group.length; start += RECIPIENTS_PER_REQUEST) {
			const chunk = group.slice(start, start + RECIPIENTS_PER_REQUEST);
			const outcomes = await sendChunk.call(this, chunk);
			for (const [position, outcome] of outcomes.entries()) {
				if (outcome.json) rememberGrant(this, outcome.itemIndex, grantRequest(chunk[position]), [outcome.json]);
			}
			results.push(...outcomes);
			if (!this.continueOnFail() && outcomes.some((outcome) => outcome.error)) break sending;
		}
	}
	results.sort((a, b) => a.itemIndex - b.itemIndex);
	if (!this.continueOnFail()) listGrantsIn(results);
	return results;
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

async function sendChunk(this: IExecuteFunctions, chunk: Recipient[]): Promise<BatchResult[]> {
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
		return chunk.map(({ itemIndex }) => ({ itemIndex, error: error as Error }));
	}
	const { outcomes } = answer;
	const paired = new Set<number>();
	return chunk.map((recipient, position) => {
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
		return {
			itemIndex: recipient.itemIndex,
			error: new NodeApiError(this.getNode(), output as JsonObject, {
				message: `Plum did not send points to ${recipient.to_email}: ${String(output.message || 'no reason given')}`,
				itemIndex: recipient.itemIndex,
			}),
		};
	});
}
