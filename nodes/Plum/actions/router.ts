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
	const results = await runItems(this, operation, itemIndexes, cache);
	const failure = results.find((result) => result.error !== undefined);
	if (failure?.error && !this.continueOnFail() && operation.describeStop) {
		failure.error = asNodeError(this, failure.error, failure.itemIndex);
		const finished = new Set(results.map((result) => result.itemIndex));
		operation.describeStop.call(this, failure.error, results, itemIndexes.filter((itemIndex) => !finished.has(itemIndex)));
	}
	return [collect(this, results)];
}

/**
 * Runs the operation for every item, as many at once as it declares (`itemsInFlight`, else one),
 * starting them in input order and returning their outcomes in input order. Without Continue On
 * Fail the first failure stops the run: no item is started after it is known; items already in
 * flight finish (their work, e.g. an order being placed, cannot be called back).
 */
async function runItems(context: IExecuteFunctions, operation: PlumOperation, itemIndexes: number[], cache: ExecutionCache): Promise<BatchResult[]> {
	const limit = Math.max(1, Math.floor(operation.itemsInFlight?.call(context) ?? 1));
	const outcomes = new Map<number, BatchResult[]>();
	let next = 0;
	let stopped = false;
	const worker = async () => {
		while (!stopped && next < itemIndexes.length) {
			const itemIndex = itemIndexes[next++];
			try {
				const result = await operation.execute.call(context, itemIndex, cache);
				outcomes.set(itemIndex, (Array.isArray(result) ? result : [result]).map((json) => ({ itemIndex, json })));
			} catch (error) {
				outcomes.set(itemIndex, [{ itemIndex, error: error as Error }]);
				if (!context.continueOnFail()) stopped = true;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, itemIndexes.length) }, worker));
	return itemIndexes.flatMap((itemIndex) => outcomes.get(itemIndex) ?? []);
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
		} else {
			throw asNodeError(context, result.error, result.itemIndex);
		}
	}
	return returnData;
}

/** The error as n8n shows it: the transport's and the validators' errors as they are, others wrapped. */
function asNodeError(context: IExecuteFunctions, error: Error, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error, { itemIndex });
}

function errorItem(error: Error): IDataObject {
	const { message, description } = error as Error & { description?: string | null };
	const item: IDataObject = { error: message };
	if (description) item.errorDescription = description;
	return item;
}
