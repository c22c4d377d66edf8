import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { sendPoints } from '../../api';
import type { PointsAnswer, PointsRecipient } from '../../api';
import { toNumbers } from '../../helpers/normalize';
import { requireEmail, requirePositiveNumber } from '../../helpers/validation';
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

/** Sends one request per sender (and expiry) per 50 recipients, and pairs each answer back to its item. */
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
		const key = `${recipient.senderEmail}|${recipient.expiryMonth ?? ''}`;
		groups.set(key, [...(groups.get(key) ?? []), recipient]);
	}
	for (const group of groups.values()) {
		for (let start = 0; start < group.length; start += RECIPIENTS_PER_REQUEST) {
			const chunk = group.slice(start, start + RECIPIENTS_PER_REQUEST);
			results.push(...(await sendChunk.call(this, chunk)));
		}
	}
	return results.sort((a, b) => a.itemIndex - b.itemIndex);
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
