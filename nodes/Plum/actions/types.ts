import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** Per-execution memo, so that a product or a token status is fetched once for all items. */
export class ExecutionCache {
	private readonly entries = new Map<string, Promise<unknown>>();

	private readonly values = new Map<string, unknown>();

	get<T>(key: string): T | undefined {
		return this.values.get(key) as T | undefined;
	}

	set(key: string, value: unknown) {
		this.values.set(key, value);
	}

	async remember<T>(key: string, load: () => Promise<T>): Promise<T> {
		let entry = this.entries.get(key) as Promise<T> | undefined;
		if (!entry) {
			entry = load();
			this.entries.set(key, entry);
			entry.catch(() => this.entries.delete(key));
		}
		return await entry;
	}
}

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
