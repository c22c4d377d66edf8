import { createHash, timingSafeEqual } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

export interface PlumCallback extends IDataObject {
	webhookId: number | string;
	orderId: number;
	poNumber: string;
	/** Lower case; `delivered` and `canceled` are the documented ones, anything else is passed on as sent. */
	deliveryStatus: string;
	orderDate: string;
	createdAt: string;
}

const MAX_REMEMBERED_CALLBACKS = 500;

/** Constant-time comparison that does not leak the key's length either. */
export function apiKeyMatches(received: unknown, expected: string): boolean {
	if (typeof received !== 'string' || received === '' || expected === '') return false;
	const digest = (value: string) => createHash('sha256').update(value).digest();
	return timingSafeEqual(digest(received), digest(expected));
}

function normaliseAddress(address: string): string {
	return address.trim().replace(/^::ffff:/, '');
}

/** True when no allow-list is set, or the caller's address is on it. */
export function clientAddressAllowed(clientIp: string | undefined, allowList: string): boolean {
	const allowed = allowList
		.split(',')
		.map(normaliseAddress)
		.filter((entry) => entry !== '');
	if (allowed.length === 0) return true;
	return clientIp !== undefined && allowed.includes(normaliseAddress(clientIp));
}

function statusOf(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const status = value.trim().toLowerCase();
	return status === 'cancelled' ? 'canceled' : status;
}

function integerOf(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isInteger(value)) return value;
	if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
	return undefined;
}

/** Reads Plum's `{id, data: {orderId, poNumber, orderDate, deliveryStatus}, createdAt}`; undefined if it is not one. */
export function parsePlumCallback(body: unknown): PlumCallback | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const { id, data, createdAt } = body as IDataObject;
	if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
	const order = data as IDataObject;
	const webhookId = integerOf(id) ?? (typeof id === 'string' && id.trim() !== '' ? id : undefined);
	const orderId = integerOf(order.orderId);
	const deliveryStatus = statusOf(order.deliveryStatus);
	if (webhookId === undefined || orderId === undefined || deliveryStatus === undefined) return undefined;
	return {
		orderId,
		poNumber: order.poNumber === undefined || order.poNumber === null ? '' : String(order.poNumber),
		deliveryStatus,
		orderDate: typeof order.orderDate === 'string' ? order.orderDate : '',
		createdAt: typeof createdAt === 'string' ? createdAt : '',
		webhookId,
	};
}

/** Callback ids this process handled, per trigger node, for a day: check and record in one step. */
const CLAIM_KEEP_MS = 24 * 60 * 60 * 1000;
const MAX_CLAIMS = 20_000;
const claims = new Map<string, Map<string, number>>();

/**
 * Records a callback id for a trigger node in this process's memory; false when it was already
 * there. It runs without waiting in between, so of deliveries at the same moment exactly one wins.
 */
export function claimCallback(trigger: string, webhookId: number | string, now = Date.now()): boolean {
	const handled = claims.get(trigger) ?? new Map<string, number>();
	claims.set(trigger, handled);
	for (const [id, at] of handled) {
		if (now - at < CLAIM_KEEP_MS && handled.size < MAX_CLAIMS) break;
		handled.delete(id);
	}
	const key = String(webhookId);
	if (handled.has(key)) return false;
	handled.set(key, now);
	return true;
}

/** The callback ids this process handled for a trigger node, oldest first. */
export function claimedCallbacks(trigger: string): string[] {
	return [...(claims.get(trigger)?.keys() ?? [])];
}

/**
 * Records a callback id in the workflow's static data. Returns false when it was already there:
 * Plum retries failed callbacks, and a retry must not run the workflow twice, also after a restart.
 * The ids this process handled meanwhile are written too: each delivery saves the static data it
 * loaded, and without them deliveries close together would overwrite each other's ids.
 */
export function rememberCallback(staticData: IDataObject, webhookId: number | string, handledHere: string[] = []): boolean {
	const seen = Array.isArray(staticData.seenCallbackIds) ? (staticData.seenCallbackIds as string[]).map(String) : [];
	const key = String(webhookId);
	if (seen.includes(key)) return false;
	const merged = [...new Set([...seen, ...handledHere.filter((id) => id !== key), key])];
	staticData.seenCallbackIds = merged.slice(-MAX_REMEMBERED_CALLBACKS);
	return true;
}
