import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ExecutionCache } from './executionCache';

export type OperationResult = IDataObject | IDataObject[];

/** The outcome for one input item of a batch operation. */
export type BatchResult = { itemIndex: number; json: IDataObject; error?: undefined } | { itemIndex: number; error: Error; json?: undefined };

/** One operation: its parameters and what it does for one input item. */
export interface PlumOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, cache: ExecutionCache): Promise<OperationResult>;
	/** How many items run at once (read once per execution); without it, one after the other. */
	itemsInFlight?(this: IExecuteFunctions): number;
	/**
	 * Without Continue On Fail, before `failure` (the first in input order) ends the run: adds to its
	 * description what the other items did, e.g. the money that moved. `results` holds every
	 * finished item in input order; `notStarted` the items the stop kept from starting.
	 */
	describeStop?(this: IExecuteFunctions, failure: Error & { description?: string | null }, results: BatchResult[], notStarted: number[]): void;
}

/** An operation that sends many items in few requests and pairs each result back to its item. */
export interface PlumBatchOperation {
	description: INodeProperties[];
	executeBatch(this: IExecuteFunctions, itemIndexes: number[], cache: ExecutionCache): Promise<BatchResult[]>;
}
