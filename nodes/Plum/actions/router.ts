import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as balance from './balance/Balance.resource';
import * as link from './link/Link.resource';
import * as order from './order/Order.resource';
import * as payment from './payment/Payment.resource';
import * as points from './points/Points.resource';
import * as token from './token/Token.resource';
import type { BatchResult, PlumBatchOperation, PlumOperation } from './types';
import { ExecutionCache } from './types';
import * as voucher from './voucher/Voucher.resource';

const resources: Record<string, Record<string, PlumOperation | PlumBatchOperation>> = {
	voucher: { getAll: voucher.getAll, get: voucher.get, getFilters: voucher.getFilters },
	order: { create: order.create, get: order.get, getAll: order.getAll },
	balance: { get: balance.get },
	payment: { getAll: payment.getAll },
	points: { send: points.send, getBalance: points.getBalance, cancel: points.cancel },
	link: { generate: link.generate, send: link.send, getCampaigns: link.getCampaigns, getCampaign: link.getCampaign },
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
	if ('executeBatch' in operation) {
		const results = await operation.executeBatch.call(this, items.map((_, index) => index), cache);
		return [collectBatch(this, results)];
	}
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

function collectBatch(context: IExecuteFunctions, results: BatchResult[]): INodeExecutionData[] {
	const returnData: INodeExecutionData[] = [];
	for (const result of results) {
		if (result.error === undefined) {
			returnData.push({ json: result.json, pairedItem: { item: result.itemIndex } });
		} else if (context.continueOnFail()) {
			returnData.push({ json: errorItem(result.error), pairedItem: { item: result.itemIndex } });
		} else if (result.error instanceof NodeApiError) {
			throw new NodeApiError(context.getNode(), result.error as unknown as JsonObject, { itemIndex: result.itemIndex });
		} else {
			throw new NodeOperationError(context.getNode(), result.error, { itemIndex: result.itemIndex });
		}
	}
	return returnData;
}

function errorItem(error: unknown): IDataObject {
	const { message, description } = error as { message?: string; description?: string | null };
	const item: IDataObject = { error: message ?? String(error) };
	if (description) item.errorDescription = description;
	return item;
}
