import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as balance from './balance/Balance.resource';
import * as token from './token/Token.resource';
import type { PlumOperation } from './types';
import { ExecutionCache } from './types';

const resources: Record<string, Record<string, PlumOperation>> = {
	balance: { get: balance.get },
	token: { getStatus: token.getStatus, refresh: token.refresh },
};

/** Runs the chosen operation once per input item, pairing every output item with its input. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = resources[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" of resource "${resource}" is not supported`,
		);
	}

	const cache = new ExecutionCache();
	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const result = await operation.execute.call(this, itemIndex, cache);
			returnData.push(
				...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result), {
					itemData: { item: itemIndex },
				}),
			);
		} catch (error) {
			if (this.continueOnFail()) {
				returnData.push({ json: errorItem(error), pairedItem: { item: itemIndex } });
				continue;
			}
			// Errors from the transport and the validators already carry their item index.
			if (error instanceof NodeApiError) {
				throw new NodeApiError(this.getNode(), error as unknown as JsonObject, { itemIndex });
			}
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	}
	return [returnData];
}

function errorItem(error: unknown): IDataObject {
	const { message, description } = error as { message?: string; description?: string | null };
	const item: IDataObject = { error: message ?? String(error) };
	if (description) item.errorDescription = description;
	return item;
}
