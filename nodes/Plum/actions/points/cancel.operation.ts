import type { IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { cancelPoints } from '../../api';
import { invalidInput } from '../../helpers/validation';
import type { OperationResult } from '../types';

export const description = updateDisplayOptions({ show: { resource: ['points'], operation: ['cancel'] } }, [
	{
		displayName: 'Unique ID',
		name: 'uniqueId',
		type: 'string',
		required: true,
		default: '',
		description: 'The unique_id Plum returned when the points were sent',
	},
] as INodeProperties[]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult> {
	const uniqueId = String(this.getNodeParameter('uniqueId', itemIndex, '') ?? '').trim();
	if (uniqueId === '') throw invalidInput(this, itemIndex, 'Unique ID', uniqueId, 'Enter the unique_id from the Send operation\'s output.');
	const outcome = await cancelPoints.call(this, uniqueId, { itemIndex });
	const output = { uniqueId, success: outcome.succeeded, message: outcome.message ?? '' };
	if (!outcome.succeeded) {
		throw new NodeApiError(this.getNode(), output as JsonObject, {
			message: `Plum did not cancel the points ${uniqueId}: ${String(output.message || 'no reason given')}`,
			itemIndex,
		});
	}
	return output;
}
