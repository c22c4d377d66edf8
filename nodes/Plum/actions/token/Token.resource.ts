import type { INodeProperties } from 'n8n-workflow';

import * as getStatus from './getStatus.operation';
import * as refresh from './refresh.operation';

export { getStatus, refresh };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['token'] } },
		options: [
			{
				name: 'Get Status',
				value: 'getStatus',
				description: 'Check the access token with Plum and report when both tokens expire',
				action: 'Get token status',
			},
			{
				name: 'Refresh',
				value: 'refresh',
				description: 'Refresh the tokens now and store the new pair in the credential',
				action: 'Refresh the tokens',
			},
		],
		default: 'getStatus',
	},
	...getStatus.description,
	...refresh.description,
];
