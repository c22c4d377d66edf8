import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, sleep, updateDisplayOptions } from 'n8n-workflow';

import { getOrderDetails, placeOrder } from '../../api';
import type { PlumOrder, PlumOrderRequest } from '../../api';
import { readProductId } from '../../helpers/parameters';
import { orderProblem } from '../../helpers/products';
import { invalidInput, isEmail, requirePositiveNumber } from '../../helpers/validation';
import { settle } from '../../transport/errors';
import { requireProduct } from '../catalogue';
import { productLocator } from '../common.descriptions';
import type { ExecutionCache } from '../executionCache';
import type { OperationResult } from '../types';

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
		placeholder: '={{ "survey-" + $json.response_id }}',
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
];

export const description = updateDisplayOptions({ show: { resource: ['order'], operation: ['create'] } }, properties);

const MAX_PO_NUMBER_LENGTH = 100;

/** What an expression writes when it reads a field that is not there (or a whole object). */
const EXPRESSION_MISTAKE = /\b(undefined|null|NaN)\b|\[object Object\]/;
const MAX_PLACE_ATTEMPTS = 3;

/** Seconds to give Plum to finish an order whose answer was lost, before asking about it. */
const SETTLE_BEFORE_LOOKUP_MS = 1_000;

/** Plum lets a poNumber be used again once its order was canceled: such an order is not this one. */
function isCanceled(order: PlumOrder): boolean {
	return /^cancel/i.test(String(order.deliveryStatus ?? '')) || /^cancel/i.test(String(order.orderStatus ?? ''));
}

/** How the order under this poNumber differs from the one asked for, if Plum says enough to tell. */
function mismatch(existing: PlumOrder, order: PlumOrderRequest): string | undefined {
	const details = Array.isArray(existing.voucherDetails) ? (existing.voucherDetails as IDataObject[]) : [];
	const productIds = details.map((detail) => Number(detail.productId)).filter(Number.isFinite);
	const denominations = details.map((detail) => Number(detail.denomination)).filter(Number.isFinite);
	const differences: string[] = [];
	if (productIds.length && !productIds.includes(order.productId)) differences.push(`product ${productIds.join(', ')}`);
	if (denominations.length && !denominations.includes(order.denomination)) differences.push(`denomination ${denominations.join(', ')}`);
	if (typeof existing.quantity === 'number' && existing.quantity !== order.quantity) differences.push(`quantity ${existing.quantity}`);
	return differences.length ? differences.join(', ') : undefined;
}

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

export async function execute(this: IExecuteFunctions, itemIndex: number, cache: ExecutionCache): Promise<OperationResult> {
	const order = readOrder(this, itemIndex);
	const product = await requireProduct(this, itemIndex, cache);
	const problem = orderProblem(product, order);
	if (problem) throw invalidInput(this, itemIndex, problem.field, problem.value, problem.allowed);
	return await placeOrderOnce.call(this, order, itemIndex);
}

/**
 * Places the order so that it exists exactly once for its poNumber, the way Plum documents recovery
 * (docs/plum-api.md §4.4): when the outcome is unknown (lost connection, timeout, 5xx) look the
 * poNumber up first and only place again when Plum has no such order; when Plum says the poNumber
 * is taken, return that order as a replay. The fault-free path is one request.
 */
async function placeOrderOnce(this: IExecuteFunctions, order: PlumOrderRequest, itemIndex: number): Promise<IDataObject> {
	const { poNumber } = order;
	const existingOrder = async () => {
		const lookup = await getOrderDetails.call(this, { poNumber }, { itemIndex });
		if (!lookup.found || isCanceled(lookup.record)) return undefined;
		const difference = mismatch(lookup.record, order);
		if (difference) {
			throw new NodeOperationError(this.getNode(), `PO Number "${poNumber}" was already used for a different order (${difference}), so no new order was placed`, {
				itemIndex,
				description: `Order ${String(lookup.record.orderId)} holds this PO number. Each reward needs its own PO number: build it from a stable ID of this reward, e.g. the survey response ID.`,
			});
		}
		return lookup.record;
	};
	for (let attempt = 1; ; attempt++) {
		const placed = await settle(this, placeOrder.call(this, order, { itemIndex }));
		if (placed.ok) return { poNumber, ...placed.value, replayed: false };
		const kind = placed.failure?.kind;
		if (kind === 'duplicatePoNumber') {
			const existing = await existingOrder();
			if (existing) return { poNumber, ...existing, replayed: true };
			throw placed.error;
		}
		if (kind !== 'outcomeUnknown') throw placed.error;
		await sleep(SETTLE_BEFORE_LOOKUP_MS);
		const existing = await existingOrder();
		if (existing) return { poNumber, ...existing, replayed: false };
		if (attempt >= MAX_PLACE_ATTEMPTS) throw placed.error;
	}
}
