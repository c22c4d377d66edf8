/**
 * The backing store of n8n-core's deduplication helpers (`this.helpers.checkProcessedAndRecord`,
 * `removeProcessed`, ...) for engine tests. n8n-core routes those helpers through its
 * DataDeduplicationService to an IDataDeduplicator that the n8n server provides (the cli package's
 * DeduplicationHelper over the `processed_data` table); n8n-core ships no implementation of its own.
 * This one keeps the rows in memory and follows the server's rules for the "entries" mode: one row
 * per workflow and context ('' for scope workflow, `n:<node id>` for scope node), values stored as
 * MD5 hashes, a row saved with another mode refused, and the same find-then-write (two awaits) as
 * the database version, so that interleaved calls behave as they would against the database.
 */
import { createHash } from 'node:crypto';

import { DataDeduplicationService } from 'n8n-core';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

interface Row {
	mode: string;
	data: string[];
}

function contextOf(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
	if (scope === 'node') {
		if (!contextData.node) throw new Error("No node information has been provided and so cannot use scope 'node'");
		return `n:${contextData.node.id}`;
	}
	return '';
}

function hash(value: DeduplicationItemTypes): string {
	return createHash('md5').update(String(value)).digest('base64');
}

export class MemoryDeduplicator implements IDataDeduplicator {
	private readonly rows = new Map<string, Row>();

	/** Store calls, for tests that count them. */
	calls = 0;

	private keyOf(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
		if (!contextData.workflow.id) throw new Error('The workflow has no ID');
		return JSON.stringify([contextData.workflow.id, contextOf(scope, contextData)]);
	}

	private barrier?: { count: number; waiting: Array<() => void>; timer: NodeJS.Timeout };

	/**
	 * Holds the next reads until `count` of them are waiting (or `maxWaitMs` passed), then lets
	 * them all go: two callers that do not serialize their calls read the same row, as two
	 * executions whose queries cross in the database would.
	 */
	holdReads(count: number, maxWaitMs = 2_000) {
		const barrier = { count, waiting: [] as Array<() => void>, timer: setTimeout(() => this.openBarrier(), maxWaitMs) };
		this.barrier = barrier;
	}

	private openBarrier() {
		const barrier = this.barrier;
		if (!barrier) return;
		this.barrier = undefined;
		clearTimeout(barrier.timer);
		barrier.waiting.forEach((resume) => resume());
	}

	/** A copy of the row, read after a turn of the event loop, like a database query. */
	private async find(key: string): Promise<Row | undefined> {
		const barrier = this.barrier;
		if (barrier) {
			const held = new Promise<void>((resolve) => barrier.waiting.push(resolve));
			if (barrier.waiting.length >= barrier.count) this.openBarrier();
			await held;
		}
		await new Promise((resolve) => setImmediate(resolve));
		const row = this.rows.get(key);
		return row && { mode: row.mode, data: [...row.data] };
	}

	private writesToDrop = 0;

	/**
	 * The next write is lost: another n8n process that read the row before it writes its stale copy
	 * right after it (n8n's store reads and writes the whole row, with no lock between processes).
	 */
	dropNextWrite() {
		this.writesToDrop++;
	}

	private async write(key: string, row: Row): Promise<void> {
		await new Promise((resolve) => setImmediate(resolve));
		if (this.writesToDrop > 0) {
			this.writesToDrop--;
			return;
		}
		this.rows.set(key, row);
	}

	private static assertEntries(options: ICheckProcessedOptions) {
		if (options.mode !== 'entries') throw new Error(`The test store implements the mode "entries" only, not "${options.mode}"`);
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		this.calls++;
		MemoryDeduplicator.assertEntries(options);
		const key = this.keyOf(scope, contextData);
		const row = await this.find(key);
		if (row && row.mode !== options.mode) {
			throw new Error('Deduplication data was originally saved with an incompatible setting of the ‘Keep Items Where’ parameter.');
		}
		const stored = row ?? { mode: options.mode, data: [] };
		const seen = new Set(stored.data);
		const output: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			const hashed = hash(item);
			if (seen.has(hashed)) {
				output.processed.push(item);
			} else {
				output.new.push(item);
				stored.data.push(hashed);
				seen.add(hashed);
			}
		}
		if (options.maxEntries) stored.data.splice(0, stored.data.length - options.maxEntries);
		await this.write(key, stored);
		return output;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<void> {
		this.calls++;
		MemoryDeduplicator.assertEntries(options);
		const key = this.keyOf(scope, contextData);
		const row = await this.find(key);
		if (!row) return;
		for (const hashed of items.map(hash)) {
			const index = row.data.indexOf(hashed);
			if (index !== -1) row.data.splice(index, 1);
		}
		await this.write(key, row);
	}

	async clearAllProcessedItems(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<void> {
		this.calls++;
		this.rows.delete(this.keyOf(scope, contextData));
	}

	async getProcessedDataCount(scope: DeduplicationScope, contextData: ICheckProcessedContextData, options: ICheckProcessedOptions): Promise<number> {
		this.calls++;
		const row = this.rows.get(this.keyOf(scope, contextData));
		return row && row.mode === options.mode && options.mode === 'entries' ? row.data.length : 0;
	}

	/** How many values the workflow's row (scope workflow) holds. */
	count(workflowId: string): number {
		return this.rows.get(JSON.stringify([workflowId, '']))?.data.length ?? 0;
	}

	clear() {
		this.openBarrier();
		this.writesToDrop = 0;
		this.rows.clear();
		this.calls = 0;
	}
}

let installed: MemoryDeduplicator | undefined;

/** The deduplicator behind n8n-core's DataDeduplicationService in this test process (installed once, as n8n does at start). */
export async function installDeduplicator(): Promise<MemoryDeduplicator> {
	if (!installed) {
		installed = new MemoryDeduplicator();
		await DataDeduplicationService.init(installed);
	}
	return installed;
}
