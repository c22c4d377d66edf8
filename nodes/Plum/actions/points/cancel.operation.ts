import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import { invalidInput } from '../../helpers/validation';
import { plumDispatch } from '../../transport';
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
	const result = await plumDispatch.call(this, {
		query: 'storesAdmin.mutation.cancelBalance',
		tag: 'storeAdmin',
		data: { recipients: [{ unique_id: uniqueId }] },
		variablesKey: 'recipients_data',
		retryable: false,
		itemIndex,
	});
	const answers = Array.isArray(result.recipients) ? (result.recipients as IDataObject[]) : [];
	const answer = answers.find((entry) => String(entry.unique_id) === uniqueId) ?? answers[0] ?? {};
	const success = answer.success === undefined ? true : answer.success !== false && answer.success !== 0;
	const output = { uniqueId, success, message: answer.message ?? result.message ?? '' };
	if (!success) {
		throw new NodeApiError(this.getNode(), output as JsonObject, {
			message: `Plum did not cancel the points ${uniqueId}: ${String(output.message || 'no reason given')}`,
			itemIndex,
		});
	}
	return output;
}
