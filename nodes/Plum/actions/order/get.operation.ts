import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getOrderDetails } from '../../helpers/orders';
import { invalidInput, requirePositiveNumber } from '../../helpers/validation';
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

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult> {
	const sendMailToReceiver = Boolean((this.getNodeParameter('options', itemIndex, {}) as { sendMailToReceiver?: boolean }).sendMailToReceiver);
	if (this.getNodeParameter('lookupBy', itemIndex) === 'orderId') {
		const orderId = requirePositiveNumber(this, itemIndex, 'Order ID', this.getNodeParameter('orderId', itemIndex), { integer: true });
		return await getOrderDetails.call(this, { orderId, sendMailToReceiver, itemIndex });
	}
	const poNumber = String(this.getNodeParameter('poNumber', itemIndex, '') ?? '').trim();
	if (poNumber === '') throw invalidInput(this, itemIndex, 'PO Number', poNumber, 'Enter the poNumber the order was placed with.');
	return await getOrderDetails.call(this, { poNumber, sendMailToReceiver, itemIndex });
}
