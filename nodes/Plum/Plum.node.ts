import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as balance from './actions/balance/Balance.resource';
import { router } from './actions/router';
import * as token from './actions/token/Token.resource';

export class Plum implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Plum',
		name: 'plum',
		icon: { light: 'file:../../icons/plum.svg', dark: 'file:../../icons/plum.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send gift cards, reward points and reward links with the Xoxoday Plum Rewards API',
		defaults: { name: 'Plum' },
		usableAsTool: true,
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
					{ name: 'Balance', value: 'balance' },
					{ name: 'Token', value: 'token' },
				],
				default: 'balance',
			},
			...balance.description,
			...token.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
