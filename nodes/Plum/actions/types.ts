import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ExecutionCache } from './executionCache';

export type OperationResult = IDataObject | IDataObject[];

/** One operation: its parameters and what it does for one input item. */
export interface PlumOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, cache: ExecutionCache): Promise<OperationResult>;
}

/** The outcome for one input item of a batch operation. */
export type BatchResult = { itemIndex: number; json: IDataObject; error?: undefined } | { itemIndex: number; error: Error; json?: undefined };

/** An operation that sends many items in few requests and pairs each result back to its item. */
export interface PlumBatchOperation {
	description: INodeProperties[];
	executeBatch(this: IExecuteFunctions, itemIndexes: number[], cache: ExecutionCache): Promise<BatchResult[]>;
}
