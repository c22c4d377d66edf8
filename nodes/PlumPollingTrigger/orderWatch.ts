import { DateTime } from 'luxon';
import type { IDataObject } from 'n8n-workflow';

import type { PlumOrder } from '../Plum/api';
import { toPlumDate } from '../Plum/helpers/dates';

/**
 * What the polling trigger keeps in the node's static data, and the decisions it makes each poll.
 * No I/O here: the node file fetches the order history and hands it in.
 *
 * Plum's order history filters by the day an order was placed (`orderDate`, IST) and shows each
 * order's current delivery status. A status change is therefore found by asking for every order
 * placed within the look-back and comparing statuses with what was seen before.
 */

/** Plum's days are IST days (docs/plum-api.md §9). */
const PLUM_ZONE = 'Asia/Kolkata';
const DAY_MS = 24 * 60 * 60 * 1000;

/** Delayed gift cards take 3 to 10 working days (docs/plum-api.md §4.4): two calendar weeks. */
export const DEFAULT_LOOKBACK_DAYS = 14;
export const MAX_LOOKBACK_DAYS = 90;

/** The statuses an order ends in; each is emitted at most once per order. */
export const FINAL_STATUSES = ['delivered', 'canceled'] as const;

/** One remembered order: when it was placed (epoch ms, for pruning) and the final statuses already seen. */
export interface SeenOrder extends IDataObject {
	placedAt: number;
	statuses: string[];
}

/** The node's static data. `watchingSince` is set by the first poll after activation. */
export interface WatchMemory extends IDataObject {
	watchingSince?: number;
	seenOrders?: Record<string, SeenOrder>;
}

/** The history query for a poll at `now`: every order placed from the look-back's first IST day until today. */
export function historyWindow(now: number, lookbackDays: number): { startDate: string; endDate: string; startsAt: number } {
	const today = DateTime.fromMillis(now, { zone: PLUM_ZONE }).startOf('day');
	const start = today.minus({ days: lookbackDays });
	return { startDate: toPlumDate(start), endDate: toPlumDate(today), startsAt: start.toMillis() };
}

/** Lower case, with Plum's British spelling folded into the documented one. */
export function statusOf(order: PlumOrder): string {
	const status = String(order.deliveryStatus ?? '').trim().toLowerCase();
	return status === 'cancelled' ? 'canceled' : status;
}

function isFinal(status: string): boolean {
	return (FINAL_STATUSES as readonly string[]).includes(status);
}

/** When the order was placed (epoch ms); `fallback` when Plum's orderDate cannot be read. */
function placedAt(order: PlumOrder, fallback: number): number {
	const iso = typeof order.orderDateIso === 'string' ? DateTime.fromISO(order.orderDateIso) : undefined;
	return iso?.isValid ? iso.toMillis() : fallback;
}

/** Oldest first, so a workflow handles orders in the order they happened. */
function byPlacement(a: PlumOrder, b: PlumOrder): number {
	return placedAt(a, 0) - placedAt(b, 0) || a.orderId - b.orderId;
}

export interface PollDecision {
	/** Orders whose status is one of the chosen events and was not emitted before, oldest first. */
	emit: PlumOrder[];
	/** The static data to store: the final statuses seen, pruned to the look-back. */
	memory: Required<WatchMemory>;
	firstPoll: boolean;
}

/**
 * Compares the history with what was seen. Every final status is remembered, chosen or not, so a
 * later change of the events does not replay old orders. The first poll only records: nothing
 * from before activation is emitted. An order placed before activation that reaches a final status
 * afterwards is emitted, as it changed after activation.
 *
 * Memory stays bounded: an order is forgotten one day after it left the history window (a margin
 * for Plum reading the dates in another time zone), when the history can no longer return it.
 */
export function decide(memory: WatchMemory, orders: PlumOrder[], events: string[], now: number, windowStartsAt: number): PollDecision {
	const firstPoll = typeof memory.watchingSince !== 'number';
	const seen: Record<string, SeenOrder> = {};
	for (const [orderId, entry] of Object.entries(memory.seenOrders ?? {})) {
		if (entry && typeof entry.placedAt === 'number' && entry.placedAt >= windowStartsAt - DAY_MS && Array.isArray(entry.statuses)) {
			seen[orderId] = { placedAt: entry.placedAt, statuses: [...entry.statuses] };
		}
	}

	const emit: PlumOrder[] = [];
	for (const order of [...orders].sort(byPlacement)) {
		const status = statusOf(order);
		if (!Number.isInteger(order.orderId) || !isFinal(status)) continue;
		const key = String(order.orderId);
		const entry = seen[key] ?? { placedAt: placedAt(order, now), statuses: [] };
		if (entry.statuses.includes(status)) continue;
		entry.statuses.push(status);
		seen[key] = entry;
		if (!firstPoll && events.includes(status)) emit.push(order);
	}

	return {
		emit,
		memory: { watchingSince: firstPoll ? now : (memory.watchingSince as number), seenOrders: seen },
		firstPoll,
	};
}

/** The sample for a manual test: the most recently placed order whose status is one of the events. */
export function latestMatching(orders: PlumOrder[], events: string[]): PlumOrder | undefined {
	return [...orders].sort(byPlacement).reverse().find((order) => events.includes(statusOf(order)));
}

/** The trigger's item: the webhook trigger's fields (without its callback id), and the order. */
export function orderItem(order: PlumOrder, details?: { record?: PlumOrder; error?: string }): IDataObject {
	const item: IDataObject = {
		orderId: order.orderId,
		poNumber: order.poNumber === undefined || order.poNumber === null ? '' : String(order.poNumber),
		deliveryStatus: statusOf(order),
		orderDate: typeof order.orderDate === 'string' ? order.orderDate : '',
		order: { ...order, ...(details?.record ?? {}) },
	};
	if (details?.error) item.orderDetailsError = details.error;
	return item;
}
