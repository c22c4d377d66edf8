import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as balance from './actions/balance/Balance.resource';
import * as link from './actions/link/Link.resource';
import * as order from './actions/order/Order.resource';
import * as payment from './actions/payment/Payment.resource';
import * as points from './actions/points/Points.resource';
import { router } from './actions/router';
import * as token from './actions/token/Token.resource';
import * as voucher from './actions/voucher/Voucher.resource';
import { getCampaigns, getCountries, getCurrencies, getDenominations, searchProducts } from './methods/pickers';

export class Plum implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Plum',
		name: 'plum',
		icon: { light: 'file:../../icons/plum.svg', dark: 'file:../../icons/plum.dark.svg' },
		group: ['transform'],
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send gift cards, reward points and reward links with the Xoxoday Plum Rewards API',
		defaults: { name: 'Plum' },
		usableAsTool: {
			replacements: {
				description:
					'Look up Plum gift card orders, products, balance and reward points. Ordering a gift card needs a PO number that stays the same for the same reward: take it from the data of the conversation (a ticket, request or survey response ID), never invent one or build it from the time.',
			},
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'plumOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Balance', value: 'balance', description: 'Your Plum account balance' },
					{ name: 'Gift Card Order', value: 'order', description: 'Place and look up gift card orders' },
					{ name: 'Gift Card Product', value: 'voucher', description: 'The gift card catalogue' },
					{ name: 'Payment', value: 'payment', description: 'Funds added and spent' },
					{ name: 'Reward Link', value: 'link', description: 'Reward link campaigns' },
					{ name: 'Reward Point', value: 'points', description: 'Reward points (company token)' },
					{ name: 'Token', value: 'token', description: 'The credential\'s tokens' },
				],
				default: 'order',
			},
			...voucher.description,
			...order.description,
			...balance.description,
			...payment.description,
			...points.description,
			...link.description,
			...token.description,
		],
	};

	methods = {
		listSearch: { searchProducts },
		loadOptions: { getCampaigns, getCountries, getCurrencies, getDenominations },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
