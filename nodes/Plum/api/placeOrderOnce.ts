import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { PlumContext } from '../transport';
import { settle } from '../transport/errors';
import type { Lookup } from './define';
import type { PlumOrderRequest } from './giftcards';
import { getOrderDetails, placeOrder } from './giftcards';
import type { PlumOrder } from './records';

/**
 * How long an order whose answer was lost may still appear at Plum: realtime orders take up to
 * 120 s (docs/plum-api.md §4.4), counted from the moment it was sent. Until then the poNumber is
 * looked up with backoff, never ordered again. (Tests shorten these; nothing else should.)
 */
export const orderRecovery = { windowMs: 120_000, firstLookupMs: 1_000 };

/** Placements for one poNumber at most, each after a full window in which Plum did not know it. */
const MAX_PLACEMENTS = 3;

export interface PlacedOrder {
	order: PlumOrder;
	/** The order existed before this call (an earlier run, a retry) and was returned instead of ordering again */
	replayed: boolean;
}

/** Plum lets a poNumber be used again once its order was canceled: such an order is not this one. */
function isCanceled(order: PlumOrder): boolean {
	return /^cancel/i.test(String(order.deliveryStatus ?? '')) || /^cancel/i.test(String(order.orderStatus ?? ''));
}

function distinct(values: unknown[]): string {
	return [...new Set(values.map(String))].join(', ');
}

/**
 * Why the order under this poNumber is not provably the reward asked for, or undefined when it is:
 * every gift card of it is the same product at the same value, and there are as many as ordered.
 * That is all Plum's live answer tells (no quantity, no receiver); the richer documented fields
 * (`voucherDetails`, `quantity`) are read where Plum sends them.
 */
export function differenceFrom(existing: PlumOrder, order: PlumOrderRequest): string | undefined {
	const cards = Array.isArray(existing.vouchers) ? existing.vouchers : [];
	const details = Array.isArray(existing.voucherDetails) ? (existing.voucherDetails as IDataObject[]) : [];
	const productIds = cards.length ? cards.map((card) => card.productId) : details.map((detail) => detail.productId);
	const values = cards.length ? cards.map((card) => card.amount) : details.map((detail) => detail.denomination);
	const quantity = cards.length ? cards.length : existing.quantity;
	if (productIds.length === 0 || typeof quantity !== 'number') {
		return `its gift cards are not issued yet (delivery status "${String(existing.deliveryStatus ?? 'unknown')}"), so it cannot be told apart from another reward`;
	}
	const differences: string[] = [];
	if (productIds.some((id) => Number(id) !== order.productId)) differences.push(`product ${distinct(productIds)}`);
	if (values.some((value) => Number(value) !== order.denomination)) differences.push(`value ${distinct(values)}`);
	if (quantity !== order.quantity) differences.push(`${quantity} gift card${quantity === 1 ? '' : 's'}`);
	return differences.length ? `it holds ${differences.join(', ')}` : undefined;
}

function poNumberTaken(context: PlumContext, order: PlumOrderRequest, existing: PlumOrder, why: string, itemIndex?: number) {
	return new NodeOperationError(
		context.getNode(),
		`PO Number "${order.poNumber}" already belongs to order ${String(existing.orderId)}, which is not this reward: ${why}. Nothing was ordered`,
		{
			itemIndex,
			description: `You asked for product ${order.productId}, value ${order.denomination}, ${order.quantity} gift card(s). Each reward needs its own PO number: build it from a stable ID of this reward, e.g. the survey response ID. See what order ${String(existing.orderId)} holds with Order → Get (Look Up By: PO Number).`,
		},
	);
}

function outcomeUnknown(context: PlumContext, order: PlumOrderRequest, cause: string, itemIndex?: number) {
	return new NodeOperationError(
		context.getNode(),
		`The order with PO Number "${order.poNumber}" may or may not have been placed: ${cause}`,
		{
			itemIndex,
			description: `Check with Order → Get (Look Up By: PO Number "${order.poNumber}") before doing anything else. Running this node again with the same PO number is safe: it never orders a PO number twice, it returns the existing order instead.`,
		},
	);
}

/**
 * The order Plum has under the poNumber, if it is not canceled and provably this reward; an error
 * naming it when it is another reward; `undefined` when Plum has none.
 */
function provenOrder(context: PlumContext, order: PlumOrderRequest, lookup: Lookup<PlumOrder>, itemIndex?: number): PlumOrder | undefined {
	if (!lookup.found || isCanceled(lookup.record)) return undefined;
	const why = differenceFrom(lookup.record, order);
	if (why) throw poNumberTaken(context, order, lookup.record, why, itemIndex);
	return lookup.record;
}

/** Looks the poNumber up with backoff until it appears or Plum's window since `sentAt` has passed. */
async function awaitOutcome(context: PlumContext, order: PlumOrderRequest, sentAt: number, itemIndex?: number): Promise<PlumOrder | undefined> {
	const deadline = sentAt + orderRecovery.windowMs;
	let wait = orderRecovery.firstLookupMs;
	for (;;) {
		await sleep(Math.max(0, Math.min(wait, deadline - Date.now())));
		const lookup = await settle(context, getOrderDetails.call(context, { poNumber: order.poNumber }, { itemIndex }));
		if (!lookup.ok) {
			throw outcomeUnknown(context, order, `Plum's answer was lost, and looking the PO number up failed too (${lookup.error.message})`, itemIndex);
		}
		const existing = provenOrder(context, order, lookup.value, itemIndex);
		if (existing || Date.now() >= deadline) return existing;
		wait *= 2;
	}
}

/**
 * Places the order so that it exists exactly once for its poNumber, the way Plum documents recovery
 * (docs/plum-api.md §4.4):
 * - Plum says the poNumber is taken: the existing order is returned as a replay, if it is provably
 *   the same reward, else the call fails naming it;
 * - the outcome is unknown (lost answer, timeout, 5xx without an id, PLE10035 ...): the poNumber is
 *   looked up with backoff for Plum's whole realtime window, and only ordered again when Plum still
 *   does not know it after that.
 * The fault-free path is one request.
 */
export async function placeOrderOnce(this: PlumContext, order: PlumOrderRequest, options: { itemIndex?: number } = {}): Promise<PlacedOrder> {
	const { itemIndex } = options;
	for (let placement = 1; ; placement++) {
		const sentAt = Date.now();
		const placed = await settle(this, placeOrder.call(this, order, { itemIndex }));
		if (placed.ok) return { order: placed.value, replayed: false };
		const kind = placed.failure?.kind;
		if (kind === 'duplicatePoNumber') {
			const lookup = await getOrderDetails.call(this, { poNumber: order.poNumber }, { itemIndex });
			const existing = provenOrder(this, order, lookup, itemIndex);
			if (existing) return { order: existing, replayed: true };
			throw placed.error;
		}
		if (kind !== 'outcomeUnknown') throw placed.error;
		const appeared = await awaitOutcome(this, order, sentAt, itemIndex);
		if (appeared) return { order: appeared, replayed: false };
		if (placement >= MAX_PLACEMENTS) {
			throw new NodeOperationError(this.getNode(), `Plum could not place the order with PO Number "${order.poNumber}": ${placed.error.message}`, {
				itemIndex,
				description: `Plum failed ${placement} times, and each time it still had no order with this PO number after its ${orderRecovery.windowMs / 1000}-second window: nothing was ordered. Run the node again later; the same PO number stays safe.`,
			});
		}
	}
}

/**
 * The PO number rules of `placeOrderOnce` without ordering (validate-only): the order Plum already
 * has under the poNumber when it is provably this reward (a run would return it as a replay),
 * `undefined` when Plum has none (or only a canceled one), an error naming it when it is another reward.
 */
export async function existingOrderFor(this: PlumContext, order: PlumOrderRequest, options: { itemIndex?: number } = {}): Promise<PlumOrder | undefined> {
	const lookup = await getOrderDetails.call(this, { poNumber: order.poNumber }, { itemIndex: options.itemIndex });
	return provenOrder(this, order, lookup, options.itemIndex);
}
