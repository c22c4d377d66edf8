import { createHash } from 'node:crypto';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { plumBaseUrl } from '../../../credentials/plumToken';

/**
 * Plum's per-minute limits per operation (docs/plum-api.md §7, HP/SRV rate-limiting, Jan 2026).
 * Going over one starts a penalty of `penaltySeconds` (60) in which every call of it gets a 429.
 * Operations without a documented limit are not paced.
 */
export const PLUM_RATE_LIMITS: Readonly<Record<string, number>> = {
	placeOrder: 100,
	getVouchers: 50,
	getFilters: 50,
	getBalance: 10,
	getOrderDetails: 200,
	getOrderHistory: 200,
};

/**
 * What the pacer holds calls to: Plum's limits over Plum's minute. Tests shorten the window and
 * lower the limits to see the pacing at work in seconds; nothing else should change them.
 */
export const pacing: { windowMs: number; limits: Record<string, number> } = { windowMs: 60_000, limits: { ...PLUM_RATE_LIMITS } };

/** How often a call waiting only for answers still in flight looks again. */
const IN_FLIGHT_POLL_MS = 50;

interface Lane {
	/** One entry per call sent in the window: when its answer came back, or undefined while it is in flight. */
	calls: Array<{ answeredAt?: number }>;
	/** Calls wait their turn one after the other, in the order they asked. */
	queue: Promise<void>;
	/** No call goes out before this moment (Plum's penalty after a 429). */
	blockedUntil: number;
}

/**
 * One pacer for the whole n8n process: every execution, picker and trigger of one Plum account
 * shares it, per operation. A call counts from the moment it is sent until a full window after its
 * answer came back: Plum saw it somewhere in between, so a call is only sent while fewer than the
 * limit could still be in Plum's window. A bulk send thus runs at the limit and gets no 429 of its
 * own; another process using the same account can still cause one, which the transport waits out.
 */
const lanes = new Map<string, Lane>();

/**
 * Identifies a Plum account without its secrets: a hash of the API's base URL and the client ID.
 * Two n8n credentials for one account share its pacing and cached catalogue.
 */
export function accountKeyOf(credentials: ICredentialDataDecryptedObject): string {
	return createHash('sha256')
		.update(`${plumBaseUrl(credentials)}\n${String(credentials.clientId ?? '')}`)
		.digest('hex')
		.slice(0, 24);
}

function laneOf(account: string, operation: string): Lane {
	const key = `${account}|${operation}`;
	let lane = lanes.get(key);
	if (!lane) lanes.set(key, (lane = { calls: [], queue: Promise.resolve(), blockedUntil: 0 }));
	return lane;
}

/** How long until one more call fits, 0 when it fits now. */
function waitFor(lane: Lane, limit: number, now: number): number {
	if (lane.blockedUntil > now) return lane.blockedUntil - now;
	lane.calls = lane.calls.filter((call) => call.answeredAt === undefined || call.answeredAt > now - pacing.windowMs);
	if (lane.calls.length < limit) return 0;
	const answered = lane.calls.filter((call) => call.answeredAt !== undefined).map((call) => call.answeredAt as number);
	return answered.length ? Math.min(...answered) + pacing.windowMs - now : IN_FLIGHT_POLL_MS;
}

/**
 * Waits until one more call of `operation` fits Plum's limit for the account and counts it as sent;
 * returns the function to call when its answer (or failure) came back. `wait: false` counts the
 * call without waiting (webhook replies, which must answer within seconds).
 */
export async function paceCall(account: string, operation: string, options: { wait?: boolean } = {}): Promise<() => void> {
	const limit = pacing.limits[operation];
	if (limit === undefined) return () => {};
	const lane = laneOf(account, operation);
	const call: { answeredAt?: number } = {};
	const answered = () => {
		call.answeredAt ??= Date.now();
	};
	if (options.wait === false) {
		lane.calls.push(call);
		return answered;
	}
	const before = lane.queue;
	let done = () => {};
	lane.queue = new Promise<void>((resolve) => (done = resolve));
	try {
		await before;
		for (let wait = waitFor(lane, limit, Date.now()); wait > 0; wait = waitFor(lane, limit, Date.now())) {
			await sleep(wait);
		}
		lane.calls.push(call);
	} finally {
		done();
	}
	return answered;
}

/** Plum answered 429 with a penalty: no call of the operation goes out for that long. */
export function penalize(account: string, operation: string, penaltySeconds: number): void {
	const lane = laneOf(account, operation);
	lane.blockedUntil = Math.max(lane.blockedUntil, Date.now() + penaltySeconds * 1000);
}

/** Forgets every count and penalty (a test's fresh Plum account). */
export function forgetPacing(): void {
	lanes.clear();
}
