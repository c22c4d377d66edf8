import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { placeOrderOnce } from '../../api';
import type { PlumOrderRequest } from '../../api';
import { readProductId } from '../../helpers/parameters';
import { orderProblem } from '../../helpers/products';
import { invalidInput, isEmail, requirePositiveNumber } from '../../helpers/validation';
import { requireProduct } from '../catalogue';
import { guardOptions, productLocator } from '../common.descriptions';
import type { ExecutionCache } from '../executionCache';
import { checkSpendingCap, readGuardOptions } from '../guards';
import { guardOrder } from '../guards/order';
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
		options: [guardOptions.maskCodes, guardOptions.maxTotalValue, guardOptions.minBalance, guardOptions.rewardOnceKey, guardOptions.validateOnly],
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

export async function execute(this: IExecuteFunctions, itemIndex: number, cache: ExecutionCache): Promise<OperationResult> {
	const guards = readGuardOptions(this, itemIndex);
	await checkSpendingCap(this, cache, itemIndex, guards.maxTotalValue);
	const order = readOrder(this, itemIndex);
	const product = await requireProduct(this, itemIndex, cache);
	const problem = orderProblem(product, order);
	if (problem) throw invalidInput(this, itemIndex, problem.field, problem.value, problem.allowed);
	await claimPoNumber(this, order, itemIndex, cache);
	return await guardOrder(this, cache, itemIndex, guards, order, product, async () => {
		const { order: placed, replayed } = await placeOrderOnce.call(this, order, { itemIndex });
		return { poNumber: order.poNumber, ...placed, replayed };
	});
}

/** The fields that make two items the same reward. */
function rewardOf(order: PlumOrderRequest) {
	const { productId, denomination, quantity, email } = order;
	return { productId, denomination, quantity, email: email.toLowerCase() };
}

/**
 * Two items of one execution with one poNumber must be the same reward (a duplicated item), never
 * two people's: Plum would hand the second the first one's order.
 */
async function claimPoNumber(context: IExecuteFunctions, order: PlumOrderRequest, itemIndex: number, cache: ExecutionCache) {
	const claim = await cache.remember(`poNumber:${order.poNumber}`, async () => await Promise.resolve({ itemIndex, reward: rewardOf(order) }));
	const mine = rewardOf(order);
	const differences = (Object.keys(mine) as Array<keyof typeof mine>)
		.filter((field) => mine[field] !== claim.reward[field])
		.map((field) => `${field} ${JSON.stringify(claim.reward[field])} there, ${JSON.stringify(mine[field])} here`);
	if (differences.length) {
		throw new NodeOperationError(context.getNode(), `PO Number "${order.poNumber}" is also used by item ${claim.itemIndex} of this run for a different reward (${differences.join('; ')}). Nothing was ordered for this item`, {
			itemIndex,
			description: 'Each reward needs its own PO number: build it from a stable ID of this reward, e.g. the survey response ID.',
		});
	}
}
