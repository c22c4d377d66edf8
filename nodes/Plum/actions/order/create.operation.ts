import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { placeOrderOnce } from '../../api';
import type { PlumOrderRequest, PlumProduct } from '../../api';
import { readProductId } from '../../helpers/parameters';
import { orderProblem } from '../../helpers/products';
import { invalidInput, isEmail, requirePositiveNumber } from '../../helpers/validation';
import { settle } from '../../transport/errors';
import { requireProduct } from '../catalogue';
import { guardOptions, productLocator } from '../common.descriptions';
import type { ExecutionCache } from '../executionCache';
import { checkSpendingCap, readGuardOptions } from '../guards';
import { guardOrder } from '../guards/order';
import type { BatchResult, OperationResult } from '../types';

const DEFAULT_ORDERS_IN_FLIGHT = 5;
const MAX_ORDERS_IN_FLIGHT = 20;

const properties: INodeProperties[] = [
	productLocator,
	{
		displayName: 'Denomination Name or ID',
		name: 'denomination',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getDenominations', loadOptionsDependsOn: ['productId.value'] },
		required: true,
		default: '',
		description: 'Value of each gift card in the product\'s currency; open-value products take any value in their range. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		description: 'How many gift cards of this value (at most 10 unless the product allows more)',
	},
	{
		displayName: 'PO Number',
		name: 'poNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'survey-{{ $json.response_id }}',
		description:
			'Your unique reference for this reward, at most 100 characters. Build it from something stable in the trigger (a survey response ID, a row ID), never from the time or a random value: the node uses it to make sure a retry or a re-run never sends the reward twice.',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'The receiver\'s email address; Plum emails the gift card here when Notify Receiver by Email is on',
	},
	{
		displayName: 'Contact',
		name: 'contact',
		type: 'string',
		default: '',
		placeholder: '+1-5234567890',
		description: 'The receiver\'s phone number with country code; some products require it',
	},
	{
		displayName: 'Notify Receiver by Email',
		name: 'notifyReceiverEmail',
		type: 'boolean',
		default: true,
		description: 'Whether Plum emails the gift card to the receiver',
	},
	{
		displayName: 'Notify Admin by Email',
		name: 'notifyAdminEmail',
		type: 'boolean',
		default: false,
		description: 'Whether Plum emails the order to your account\'s admin',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Tag',
				name: 'tag',
				type: 'string',
				default: '',
				description: 'A label stored with the order, usable to filter the order history',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			guardOptions.maskCodes,
			guardOptions.maxTotalValue,
			guardOptions.minBalance,
			{
				displayName: 'Orders in Flight',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_ORDERS_IN_FLIGHT },
				default: DEFAULT_ORDERS_IN_FLIGHT,
				description:
					'How many orders of this run are placed at the same time. Plum takes up to 2 minutes per order and allows 100 orders a minute per account; the node keeps every run under that limit. Output items keep the input order. Set 1 to place one order after the other.',
			},
			guardOptions.rewardOnceKey,
			guardOptions.validateOnly,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['order'], operation: ['create'] } }, properties);

const MAX_PO_NUMBER_LENGTH = 100;

/** What an expression writes when it reads a field that is not there (or a whole object). */
const EXPRESSION_MISTAKE = /\b(undefined|null|NaN)\b|\[object Object\]/;

function readOrder(context: IExecuteFunctions, itemIndex: number): PlumOrderRequest {
	const poNumber = String(context.getNodeParameter('poNumber', itemIndex, '') ?? '').trim();
	if (poNumber === '' || poNumber.length > MAX_PO_NUMBER_LENGTH) {
		throw invalidInput(
			context,
			itemIndex,
			'PO Number',
			poNumber,
			`It is required and at most ${MAX_PO_NUMBER_LENGTH} characters${poNumber ? ` (this one has ${poNumber.length})` : ''}. Build it from a stable ID in your trigger, e.g. the survey response ID.`,
		);
	}
	const mistake = EXPRESSION_MISTAKE.exec(poNumber);
	if (mistake) {
		throw invalidInput(
			context,
			itemIndex,
			'PO Number',
			poNumber,
			`It contains "${mistake[0]}": the expression read a missing field${mistake[0] === '[object Object]' ? ' or a whole object' : ''}. Check the field name in the PO Number expression against the input item, e.g. {{ $json.responseId }}; two respondents would otherwise share one PO number.`,
		);
	}
	const email = String(context.getNodeParameter('email', itemIndex, '') ?? '').trim();
	if (email !== '' && !isEmail(email)) {
		throw invalidInput(context, itemIndex, 'Email', email, 'Enter one email address such as name@example.com, or leave it empty.');
	}
	const notifyReceiverEmail = context.getNodeParameter('notifyReceiverEmail', itemIndex, true) as boolean;
	if (notifyReceiverEmail && email === '') {
		throw invalidInput(context, itemIndex, 'Email', email, 'Notify Receiver by Email is on: enter the receiver\'s email address, or turn the option off to deliver the code only in the output.');
	}
	const additional = context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	return {
		productId: readProductId(context, itemIndex),
		denomination: requirePositiveNumber(context, itemIndex, 'Denomination', context.getNodeParameter('denomination', itemIndex)),
		quantity: requirePositiveNumber(context, itemIndex, 'Quantity', context.getNodeParameter('quantity', itemIndex, 1), { integer: true }),
		poNumber,
		email,
		contact: String(context.getNodeParameter('contact', itemIndex, '') ?? '').trim(),
		notifyReceiverEmail: notifyReceiverEmail ? 1 : 0,
		notifyAdminEmail: context.getNodeParameter('notifyAdminEmail', itemIndex, false) ? 1 : 0,
		tag: String(additional.tag ?? ''),
	};
}

/** Orders placed at once (Options → Orders in Flight), read once per run. */
export function itemsInFlight(this: IExecuteFunctions): number {
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const wanted = Number(options.concurrency ?? DEFAULT_ORDERS_IN_FLIGHT);
	return Number.isFinite(wanted) ? Math.min(Math.max(Math.floor(wanted), 1), MAX_ORDERS_IN_FLIGHT) : DEFAULT_ORDERS_IN_FLIGHT;
}

export async function execute(this: IExecuteFunctions, itemIndex: number, cache: ExecutionCache): Promise<OperationResult> {
	const guards = readGuardOptions(this, itemIndex);
	// The order is read and its PO number claimed before anything is awaited, so that items claim
	// their PO number in input order; a failure of either counts after the spending cap.
	let claimed: { order: PlumOrderRequest; turn: PoNumberTurn } | undefined;
	let invalid: unknown;
	const guardTurn = takeTurn(cache, 'guardTurn');
	try {
		const order = readOrder(this, itemIndex);
		claimed = { order, turn: claimPoNumber(this, order, itemIndex, cache) };
	} catch (error) {
		invalid = error;
	}
	try {
		await checkSpendingCap(this, cache, itemIndex, guards.maxTotalValue);
		if (!claimed) throw invalid as Error;
		const { order, turn } = claimed;
		await turn.ready;
		const check = (product: PlumProduct) => orderProblem(product, order);
		const { product, fresh } = await requireProduct(this, itemIndex, cache, check);
		// The guards (Reward Once, Minimum Balance) decide item after item in input order, so that the
		// earlier item gets the reward or the balance; the orders themselves then go out at once.
		await guardTurn.ready;
		return await guardOrder(this, cache, itemIndex, guards, order, product, async () => {
			guardTurn.done();
			let placed = await settle(this, placeOrderOnce.call(this, order, { itemIndex }));
			if (!placed.ok && placed.failure?.kind === 'unknownProduct' && !fresh) {
				// Plum does not know the product or the denomination (PLE10017, PLE10018) and placed nothing:
				// the kept catalogue is out of date. The order is checked against Plum's current product and,
				// if it fits, placed once more (the same PO number, so at most one order ever exists).
				const current = await settle(this, requireProduct(this, itemIndex, cache, check, { refresh: true }));
				if (!current.ok) {
					// Plum's refusal stands (nothing was placed), told as what is wrong with the item now.
					placed.error.message = current.error.message;
					placed.error.description = current.error.description;
					throw placed.error;
				}
				placed = await settle(this, placeOrderOnce.call(this, order, { itemIndex }));
			}
			if (!placed.ok) throw placed.error;
			return { poNumber: order.poNumber, ...placed.value.order, replayed: placed.value.replayed };
		});
	} finally {
		guardTurn.done();
		claimed?.turn.done();
	}
}

/**
 * The item's place in a line of this execution's items: `ready` when the item before it in the line
 * is done with its part. Taken before anything is awaited, so the line follows the input order.
 */
function takeTurn(cache: ExecutionCache, line: string): PoNumberTurn {
	const queue = cache.claim<{ last: Promise<void> }>(line, { last: Promise.resolve() });
	const ready = queue.last;
	let done = () => {};
	queue.last = new Promise<void>((resolve) => (done = resolve));
	return { ready, done };
}

/** The fields that make two items the same reward. */
function rewardOf(order: PlumOrderRequest) {
	const { productId, denomination, quantity, email } = order;
	return { productId, denomination, quantity, email: email.toLowerCase() };
}

interface PoNumberClaim {
	itemIndex: number;
	reward: ReturnType<typeof rewardOf>;
	/** Settles when the last item that took this PO number is done with it. */
	last: Promise<void>;
}

/**
 * Two items of one execution with one poNumber must be the same reward (a duplicated item), never
 * two people's: Plum would hand the second the first one's order. The same reward waits until the
 * item before it is done, so that one PO number is never in flight twice; it then gets that order
 * back as a replay.
 */
/** An item's turn with its PO number: `ready` when no earlier item with it is in flight; `done` when this one is. */
interface PoNumberTurn {
	ready: Promise<void>;
	done: () => void;
}

function claimPoNumber(context: IExecuteFunctions, order: PlumOrderRequest, itemIndex: number, cache: ExecutionCache): PoNumberTurn {
	const mine = rewardOf(order);
	const claim = cache.claim<PoNumberClaim>(`poNumber:${order.poNumber}`, { itemIndex, reward: mine, last: Promise.resolve() });
	const differences = (Object.keys(mine) as Array<keyof typeof mine>)
		.filter((field) => mine[field] !== claim.reward[field])
		.map((field) => `${field} ${JSON.stringify(claim.reward[field])} there, ${JSON.stringify(mine[field])} here`);
	if (differences.length) {
		throw new NodeOperationError(context.getNode(), `PO Number "${order.poNumber}" is also used by item ${claim.itemIndex} of this run for a different reward (${differences.join('; ')}). Nothing was ordered for this item`, {
			itemIndex,
			description: 'Each reward needs its own PO number: build it from a stable ID of this reward, e.g. the survey response ID.',
		});
	}
	const ready = claim.last;
	let done = () => {};
	claim.last = new Promise<void>((resolve) => (done = resolve));
	return { ready, done };
}

/**
 * The run stops at a failure (no Continue On Fail): the orders Plum placed for the other items
 * stand, and the error says which, so that none is lost from sight. Running the node again with
 * the same PO numbers returns them as replays instead of ordering again.
 */
export function describeStop(this: IExecuteFunctions, failure: Error & { description?: string | null }, results: BatchResult[], notStarted: number[]): void {
	const placed = results.filter((result) => result.json !== undefined).map((result) => result.json as IDataObject);
	const failed = results.filter((result) => result.error !== undefined && result.error !== failure).length;
	const parts: string[] = [];
	if (placed.length) {
		const list = placed.map((order) => `PO Number "${String(order.poNumber)}": order ${String(order.orderId)}${order.replayed ? ' (placed before)' : ''}`);
		parts.push(`Orders for ${placed.length} other item(s) were placed and stand: ${list.join('; ')}.`);
	}
	if (failed) parts.push(`${failed} other item(s) failed too.`);
	if (notStarted.length) parts.push(`${notStarted.length} item(s) were not started (${notStarted.length === 1 ? `item ${notStarted[0]}` : `items ${notStarted[0]} to ${notStarted[notStarted.length - 1]}`}).`);
	if (!parts.length) return;
	parts.push('Running the node again is safe: an item whose PO number already has its order gets that order back (replayed: true) instead of a new one. Turn on Continue On Fail to get every item\'s outcome as an output item.');
	failure.description = [failure.description, ...parts].filter(Boolean).join(' ');
}
