import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { getOrderDetails } from '../../api';
import { PLUM_ERRORS } from '../../transport/errors';
import type { OrderKey } from '../../api';
import { invalidInput, requirePositiveNumber } from '../../helpers/validation';
import { guardOptions } from '../common.descriptions';
import { maskOrderCodes } from '../guards/maskCodes';
import type { OperationResult } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Look Up By',
		name: 'lookupBy',
		type: 'options',
		options: [
			{ name: 'Order ID', value: 'orderId', description: 'Plum\'s order ID' },
			{ name: 'PO Number', value: 'poNumber', description: 'Your reference sent with the order' },
		],
		default: 'poNumber',
	},
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'number',
		default: 0,
		required: true,
		displayOptions: { show: { lookupBy: ['orderId'] } },
	},
	{
		displayName: 'PO Number',
		name: 'poNumber',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { lookupBy: ['poNumber'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			guardOptions.maskCodes,
			{
				displayName: 'Resend Email to Receiver',
				name: 'sendMailToReceiver',
				type: 'boolean',
				default: false,
				description: 'Whether Plum sends the gift card email to the receiver again',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['order'], operation: ['get'] } }, properties);

function readOrderKey(context: IExecuteFunctions, itemIndex: number): OrderKey {
	if (context.getNodeParameter('lookupBy', itemIndex) === 'orderId') {
		return { orderId: requirePositiveNumber(context, itemIndex, 'Order ID', context.getNodeParameter('orderId', itemIndex), { integer: true }) };
	}
	const poNumber = String(context.getNodeParameter('poNumber', itemIndex, '') ?? '').trim();
	if (poNumber === '') throw invalidInput(context, itemIndex, 'PO Number', poNumber, 'Enter the poNumber the order was placed with.');
	return { poNumber };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult> {
	const options = this.getNodeParameter('options', itemIndex, {}) as { sendMailToReceiver?: boolean; maskCodes?: boolean };
	const key = readOrderKey(this, itemIndex);
	const lookup = await getOrderDetails.call(this, key, { sendMailToReceiver: Boolean(options.sendMailToReceiver), itemIndex });
	if (lookup.found) return options.maskCodes ? maskOrderCodes(lookup.record) : lookup.record;
	const [field, value] = 'orderId' in key ? ['order ID', key.orderId] : ['PO number', key.poNumber];
	throw new NodeOperationError(this.getNode(), `Plum has no order with the ${field} ${JSON.stringify(value)}`, {
		itemIndex,
		description: PLUM_ERRORS.PLE10016.hint,
	});
}
