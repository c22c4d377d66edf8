import type { INodeProperties } from 'n8n-workflow';

import * as generate from './generate.operation';
import * as getCampaign from './getCampaign.operation';
import * as getCampaigns from './getCampaigns.operation';
import * as send from './send.operation';

export { generate, getCampaign, getCampaigns, send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['link'] } },
		options: [
			{ name: 'Generate', value: 'generate', description: 'Generate reward links for a campaign', action: 'Generate reward links' },
			{ name: 'Get Campaign', value: 'getCampaign', description: 'Get one reward link campaign', action: 'Get a reward link campaign' },
			{ name: 'Get Campaigns', value: 'getCampaigns', description: 'List reward link campaigns', action: 'Get many reward link campaigns' },
			{ name: 'Send', value: 'send', description: 'Email reward links to recipients', action: 'Email reward links' },
		],
		default: 'generate',
	},
	...generate.description,
	...send.description,
	...getCampaigns.description,
	...getCampaign.description,
];
