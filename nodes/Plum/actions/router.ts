import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as balance from './balance/Balance.resource';
import { ExecutionCache } from './executionCache';
import * as link from './link/Link.resource';
import * as order from './order/Order.resource';
import * as payment from './payment/Payment.resource';
import * as points from './points/Points.resource';
import * as token from './token/Token.resource';
import type { BatchResult, PlumBatchOperation, PlumOperation } from './types';
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

/** Runs the chosen operation once per input item (or once for all, for batch operations), pairing every output item with its input. */
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
	const itemIndexes = items.map((_, index) => index);
	if ('executeBatch' in operation) {
		return [collect(this, await operation.executeBatch.call(this, itemIndexes, cache))];
	}
	const results: BatchResult[] = [];
	for (const itemIndex of itemIndexes) {
		try {
			const result = await operation.execute.call(this, itemIndex, cache);
			for (const json of Array.isArray(result) ? result : [result]) results.push({ itemIndex, json });
		} catch (error) {
			results.push({ itemIndex, error: error as Error });
			// Without Continue On Fail the first failure ends the run: no later item is sent.
			if (!this.continueOnFail()) break;
		}
	}
	return [collect(this, results)];
}

/**
 * The one place that decides about failures: with Continue On Fail each becomes an output item
 * (`error`, `errorDescription`), else the first one is thrown as it is. The transport's and the
 * validators' errors already name their item.
 */
function collect(context: IExecuteFunctions, results: BatchResult[]): INodeExecutionData[] {
	const returnData: INodeExecutionData[] = [];
	for (const result of results) {
		if (result.error === undefined) {
			returnData.push({ json: result.json, pairedItem: { item: result.itemIndex } });
		} else if (context.continueOnFail()) {
			returnData.push({ json: errorItem(result.error), pairedItem: { item: result.itemIndex } });
		} else if (result.error instanceof NodeApiError || result.error instanceof NodeOperationError) {
			throw result.error;
		} else {
			throw new NodeOperationError(context.getNode(), result.error, { itemIndex: result.itemIndex });
		}
	}
	return returnData;
}

function errorItem(error: Error): IDataObject {
	const { message, description } = error as Error & { description?: string | null };
	const item: IDataObject = { error: message };
	if (description) item.errorDescription = description;
	return item;
}
