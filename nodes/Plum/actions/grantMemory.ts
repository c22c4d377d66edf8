import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * What a node granted in this execution (points, reward links), so that n8n's Retry On Fail, which
 * runs the node again within the same execution and process, returns the earlier result instead of
 * granting again: Plum has no idempotency key for points or links (docs/plum-api.md §5, §6).
 * Kept in this process's memory for an hour.
 */
const KEEP_MS = 60 * 60 * 1000;
const MAX_ENTRIES = 50_000;
const grants = new Map<string, { at: number; output: IDataObject[] }>();

function keyOf(context: IExecuteFunctions, itemIndex: number, request: unknown): string {
	const node = context.getNode();
	return JSON.stringify([context.getExecutionId(), node.id ?? node.name, itemIndex, request]);
}

/** The output of a grant this node already made for this item and request in this execution. */
export function recallGrant(context: IExecuteFunctions, itemIndex: number, request: unknown): IDataObject[] | undefined {
	return grants.get(keyOf(context, itemIndex, request))?.output;
}

export function rememberGrant(context: IExecuteFunctions, itemIndex: number, request: unknown, output: IDataObject[]): void {
	const now = Date.now();
	for (const [key, entry] of grants) {
		if (now - entry.at < KEEP_MS && grants.size < MAX_ENTRIES) break;
		grants.delete(key);
	}
	grants.set(keyOf(context, itemIndex, request), { at: now, output });
}
