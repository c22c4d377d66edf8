import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel.operation';
import * as getBalance from './getBalance.operation';
import * as send from './send.operation';

export { cancel, getBalance, send };

export const description: INodeProperties[] = [
	{
		displayName: 'Reward Points need a Plum credential with Token Type "Company" (Settings → API → Storefront Integration)',
		name: 'pointsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['points'] } },
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['points'] } },
		options: [
			{ name: 'Cancel', value: 'cancel', description: 'Cancel points that were sent', action: 'Cancel reward points' },
			{ name: 'Get Balance', value: 'getBalance', description: 'Get a user\'s points balance', action: 'Get the points balance of a user' },
			{ name: 'Send', value: 'send', description: 'Send points, one recipient per input item', action: 'Send reward points' },
		],
		default: 'send',
	},
	...send.description,
	...getBalance.description,
	...cancel.description,
];
