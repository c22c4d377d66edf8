import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { plumFailureOf } from '../../transport/errors';
import type { ExecutionCache } from '../executionCache';

/**
 * Reward Once: at most one reward per key per workflow, across executions, restarts and workers.
 *
 * The keys live in n8n's own durable store, the one behind Remove Duplicates' "across executions"
 * mode (`helpers.checkProcessedAndRecord` / `removeProcessed`, scope "workflow", kept in n8n's
 * database table `processed_data`). n8n's store has no "check" without "record", and its record is a
 * read-modify-write of one row per workflow (find, then insert or update), so:
 * - the key is claimed (recorded) before the reward is sent, so that a second execution that
 *   checks while the first is still sending sees it as rewarded;
 * - it is recorded again once the reward went out (a write of another process holding a stale copy
 *   of the row may have dropped the claim in between);
 * - it is released only when the send failed for certain (Plum refused and did nothing); on an
 *   unknown outcome (a lost answer, a timeout) it stays claimed, since the reward may have gone out;
 * - every store call of this n8n process for one workflow goes through one lock, so that two
 *   executions in one process (or two items of one execution) never interleave their
 *   read-modify-writes: the same key at the same moment gives one reward, and no key of another
 *   execution is lost by a write of a stale row.
 * What stays non-atomic is the same store call in two n8n processes (queue-mode workers) within the
 * milliseconds between its read and its write: n8n's store offers no primitive for that.
 */

const SCOPE = 'workflow';
const STORE_OPTIONS = { mode: 'entries' } as const;
/** Keys are stored (hashed by n8n) with this prefix, apart from what a Remove Duplicates node records. */
const STORE_PREFIX = 'plum-reward-once:';

/** What an expression writes when it reads a field that is not there (or a whole object). */
const EXPRESSION_MISTAKE = /\b(undefined|null|NaN)\b|\[object Object\]/;

/**
 * The keys this process claimed, by execution, node and item: n8n's Retry On Fail runs the node
 * again in the same execution, and an item whose own earlier attempt claimed the key goes on when
 * sending again is safe (`retrySafe`: an order, returned as a replay by its PO number) instead of
 * being skipped. Points and links are not: a grant that went out is recalled from the grant memory
 * before the key is looked at, and one whose outcome is unknown stays skipped. Another item or
 * another execution with the key is always skipped.
 */
const MAX_OWN_CLAIMS = 10_000;
const ownClaims = new Set<string>();

function ownClaimOf(context: IExecuteFunctions, itemIndex: number, key: string): string {
	const node = context.getNode();
	return JSON.stringify([context.getExecutionId(), node.id ?? node.name, itemIndex, key]);
}

/** One store call at a time per workflow in this process: the tail of each workflow's queue. */
const queues = new Map<string, Promise<unknown>>();

async function serialized<T>(workflowId: string, work: () => Promise<T>): Promise<T> {
	const previous = queues.get(workflowId) ?? Promise.resolve();
	const run = previous.then(work, work);
	const tail = run.then(
		() => undefined,
		() => undefined,
	);
	queues.set(workflowId, tail);
	void tail.then(() => {
		if (queues.get(workflowId) === tail) queues.delete(workflowId);
	});
	return await run;
}

/** The item's Reward Once Key, '' when the option is off. */
export function readRewardOnceKey(context: IExecuteFunctions, itemIndex: number, raw: unknown): string {
	const key = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
	if (raw !== undefined && raw !== '' && typeof raw !== 'string' && typeof raw !== 'number') {
		throw new NodeOperationError(context.getNode(), `Invalid Reward Once Key: ${JSON.stringify(raw)}. It must be a text such as the respondent's email or the survey response ID`, {
			itemIndex,
			description: 'Nothing was sent to Plum.',
		});
	}
	const mistake = EXPRESSION_MISTAKE.exec(key);
	if (mistake) {
		throw new NodeOperationError(
			context.getNode(),
			`Invalid Reward Once Key: "${key}". It contains "${mistake[0]}": the expression read a missing field${mistake[0] === '[object Object]' ? ' or a whole object' : ''}`,
			{
				itemIndex,
				description: 'Nothing was sent to Plum. Check the field name in the Reward Once Key expression against the input item, e.g. {{ $json.response_id }}; every respondent would otherwise share one key and only the first would be rewarded.',
			},
		);
	}
	return key;
}

/** The output item for a reward this key already had. */
export function skippedItem(rewardOnceKey: string): IDataObject {
	return { skipped: true, skipReason: 'alreadyRewarded', rewardOnceKey };
}

function storeUnavailable(context: IExecuteFunctions, itemIndex: number, key: string, cause: unknown) {
	const reason = cause instanceof Error ? cause.message : String(cause);
	return new NodeOperationError(context.getNode(), `Reward Once could not check the key "${key}" in n8n's deduplication store: ${reason}. Nothing was sent`, {
		itemIndex,
		description:
			'Reward Once keeps its keys in the n8n database, the store behind Remove Duplicates across executions (saved workflows only). If a Remove Duplicates node of this workflow uses the scope "Workflow" with another "Keep Items Where" mode than "Value Is New", switch it to the scope "Node". Run the node again once the store works.',
	});
}

interface Store {
	workflowId: string;
	record(key: string): Promise<boolean>;
	release(key: string): Promise<void>;
}

function storeOf(context: IExecuteFunctions): Store {
	const helpers = context.helpers;
	const workflowId = String(context.getWorkflow().id ?? '');
	if (typeof helpers.checkProcessedAndRecord !== 'function' || typeof helpers.removeProcessed !== 'function') {
		throw new Error('this n8n version has no deduplication store for nodes');
	}
	if (workflowId === '') throw new Error('the workflow has no ID yet: save it first');
	return {
		workflowId,
		/** Records the key; true when it was new. */
		record: async (key) => {
			const stored = STORE_PREFIX + key;
			const once = async () => (await helpers.checkProcessedAndRecord([stored], SCOPE, STORE_OPTIONS)).new.length > 0;
			try {
				return await once();
			} catch {
				// The first key of a workflow inserts its row: a second n8n process inserting at the same
				// moment fails on the primary key. The row exists then, and a second look reads it.
				return await once();
			}
		},
		release: async (key) => await helpers.removeProcessed([STORE_PREFIX + key], SCOPE, STORE_OPTIONS),
	};
}

/** A claimed key, to settle once the send is over. */
export interface RewardClaim {
	key: string;
	/** The send failed for certain: the key is free again. */
	release(): Promise<void>;
	/**
	 * The reward went out: records the key again, so that it is kept even if a write of another n8n
	 * process (a stale copy of the workflow's row) dropped the claim in the meantime.
	 */
	confirm(): Promise<void>;
}

/**
 * Claims the key for this item before its reward is sent. Returns the skipped item when the key
 * was rewarded (or is being rewarded) already, else the claim. With `validateOnly` the store is
 * only read (a new key is recorded and removed again at once, under the lock), and the claim is
 * kept for the execution only, so that a later item with the same key shows as skipped.
 * `retrySafe`: a retry of this item in this execution may send again (see ownClaims).
 */
export async function claimRewardOnce(
	context: IExecuteFunctions,
	cache: ExecutionCache,
	itemIndex: number,
	key: string,
	{ validateOnly = false, retrySafe = false } = {},
): Promise<{ skipped: IDataObject } | { claim: RewardClaim }> {
	if (validateOnly) {
		const owner = await cache.remember(`rewardOnce:validate:${key}`, async () => await Promise.resolve(itemIndex));
		if (owner !== itemIndex) return { skipped: skippedItem(key) };
	}
	let store: Store;
	let isNew: boolean;
	try {
		store = storeOf(context);
		const { record, release } = store;
		isNew = await serialized(store.workflowId, async () => {
			const recorded = await record(key);
			if (recorded && validateOnly) await release(key);
			return recorded;
		});
	} catch (error) {
		throw storeUnavailable(context, itemIndex, key, error);
	}
	const own = ownClaimOf(context, itemIndex, key);
	if (!isNew && (validateOnly || !retrySafe || !ownClaims.has(own))) return { skipped: skippedItem(key) };
	if (!validateOnly) {
		ownClaims.delete(own);
		ownClaims.add(own);
		for (const oldest of ownClaims) {
			if (ownClaims.size <= MAX_OWN_CLAIMS) break;
			ownClaims.delete(oldest);
		}
	}
	const claimed = store;
	return {
		claim: {
			key,
			release: async () => {
				if (validateOnly) return;
				ownClaims.delete(own);
				await serialized(claimed.workflowId, async () => await claimed.release(key));
			},
			confirm: async () => {
				if (validateOnly) return;
				await serialized(claimed.workflowId, async () => await claimed.record(key));
			},
		},
	};
}

/** Confirms a claim after its reward went out; a store failure now does not undo the reward's item (the claim was recorded before). */
export async function confirmClaim(claim: RewardClaim | undefined): Promise<void> {
	if (!claim) return;
	try {
		await claim.confirm();
	} catch {
		// The key was recorded when it was claimed; only a lost write of another process would need this.
	}
}

/**
 * Whether a failed send certainly sent nothing: Plum answered and refused (or the request never
 * left), as opposed to an unknown outcome (a lost answer, a timeout, a 5xx) or an error whose origin
 * is not a Plum answer.
 */
export function sentNothing(error: unknown): boolean {
	const failure = plumFailureOf(error);
	return failure !== undefined && failure.kind !== 'outcomeUnknown';
}

/**
 * Settles a claim after a failed send: released when nothing was sent for certain, kept otherwise.
 * A release that fails leaves the key claimed, and says so on the error.
 */
export async function settleFailedClaim(claim: RewardClaim | undefined, error: unknown, nothingSent = sentNothing(error)): Promise<void> {
	if (!claim) return;
	const described = error as Error & { description?: string | null };
	if (!nothingSent) {
		appendDescription(described, `The Reward Once Key "${claim.key}" stays marked as rewarded, since the reward may have gone out. Check with Plum before sending it another way.`);
		return;
	}
	try {
		await claim.release();
	} catch (releaseError) {
		appendDescription(described, `Nothing was sent, but the Reward Once Key "${claim.key}" could not be released (${(releaseError as Error).message}) and stays marked as rewarded.`);
	}
}

function appendDescription(error: Error & { description?: string | null }, text: string) {
	if (!error || typeof error !== 'object') return;
	error.description = [error.description, text].filter(Boolean).join(' ');
}
