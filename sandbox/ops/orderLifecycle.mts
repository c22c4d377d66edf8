/**
 * What happens to a placed gift-card order: delivery of its vouchers (at once for realtime products, later
 * for delayed ones), completion and cancellation through the admin routes, the delivery-status webhooks,
 * and the view of an order that placeOrder, getOrderDetails and the admin routes answer with.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { formatIstDate, formatIstDateTime } from '../clock.mts';
import { SandboxHttpError } from '../errors.mts';
import { recordPayment, type SandboxContext, type StoredOrder, type Voucher } from '../state.mts';
import type { DeliveryRecord } from '../webhooks.mts';
import { DAY_MS } from './listQuery.mts';

export interface LifecycleResult {
	order: Record<string, unknown>;
	webhook: DeliveryRecord | null;
}

// ---------------------------------------------------------------- finding and showing orders

export function findOrder(
	ctx: SandboxContext,
	lookup: { orderId?: number; poNumber?: string },
): StoredOrder | undefined {
	const orders = ctx.state.orders;
	if (lookup.orderId !== undefined) return orders.find((order) => order.orderId === lookup.orderId);
	// A canceled poNumber may be reused, so the newest order with the number wins.
	return [...orders].reverse().find((order) => order.poNumber === lookup.poNumber);
}

/** The placeOrder response shape (fixture placeOrderResponse.json); getOrderDetails adds dates and cancelledQuantity. */
export function orderView(
	ctx: SandboxContext,
	order: StoredOrder,
	details: boolean,
): Record<string, unknown> {
	// Plum sends the discount fields as "" when there is no discount, and as numeric strings otherwise (fixtures).
	const discount = order.discountPercent ? String(order.orderDiscount) : '';
	const percent = order.discountPercent ? String(order.discountPercent) : '';
	const productStatus = order.deliveryStatus === 'canceled' ? 'cancelled' : order.deliveryStatus;
	const view: Record<string, unknown> = {
		orderId: order.orderId,
		orderTotal: order.orderTotal,
		rawOrderTotal: order.orderTotal,
		orderDiscount: discount,
		rawOrderDiscount: discount,
		discountPercent: percent,
		currencyCode: ctx.config.balance.currency,
		currencyValue: order.currencyValue,
		amountCharged: order.amountCharged,
		orderStatus: 'complete',
		deliveryStatus: order.deliveryStatus,
		tag: order.tag,
		quantity: order.quantity,
		vouchers: structuredClone(order.vouchers),
		voucherDetails: [
			{
				orderId: order.orderId,
				productId: order.productId,
				productName: order.productName,
				currencyCode: order.productCurrency,
				productStatus,
				denomination: order.denomination,
				...(details
					? { cancelledQuantity: order.deliveryStatus === 'canceled' ? order.quantity : 0 }
					: {}),
			},
		],
	};
	if (details) {
		view.orderDate = formatIstDateTime(order.createdAt);
		view.deliveryDate = order.deliveredAt === null ? '' : formatIstDateTime(order.deliveredAt);
	}
	return view;
}

/** The keys of the live placeOrder and getOrderDetails answers (test/fixtures/plum-responses). */
const LIVE_ORDER_KEYS = [
	'orderId',
	'orderTotal',
	'orderDiscount',
	'discountPercent',
	'currencyCode',
	'currencyValue',
	'amountCharged',
	'orderStatus',
	'deliveryStatus',
	'tag',
	'vouchers',
] as const;

/** placeOrder's and getOrderDetails' answer, in the shape the config asks for. */
export function orderAnswer(ctx: SandboxContext, order: StoredOrder, details: boolean): Record<string, unknown> {
	const view = orderView(ctx, order, details);
	if (ctx.config.orderAnswers === 'documented') return view;
	return Object.fromEntries(LIVE_ORDER_KEYS.map((key) => [key, view[key]]));
}

// ---------------------------------------------------------------- delivery

/** Marks the order delivered and issues its vouchers (placeOrder for realtime products, completeOrder later). */
export function deliver(ctx: SandboxContext, order: StoredOrder): void {
	const now = ctx.clock.now();
	order.deliveryStatus = 'delivered';
	order.deliveredAt = now;
	order.vouchers = Array.from({ length: order.quantity }, (_, index) =>
		makeVoucher(order, index, now),
	);
}

function makeVoucher(order: StoredOrder, index: number, now: number): Voucher {
	const unique = `${order.orderId}-${index + 1}-${randomBytes(4).toString('hex')}`;
	const isUrl = order.voucherType === 'url' || order.voucherType === 'urlPin';
	const hasPin = order.voucherType === 'codePin' || order.voucherType === 'urlPin';
	return {
		productId: order.productId,
		orderId: order.orderId,
		voucherCode: isUrl
			? `https://sandbox.plum.invalid/ecard?id=${unique}`
			: `SBX-${unique.toUpperCase()}`,
		pin: hasPin ? String(randomInt(100000, 1000000)) : '',
		validity: formatIstDate(now + 365 * DAY_MS),
		amount: order.denomination,
		currency: order.productCurrency,
		country: order.productCountry,
		type: order.voucherType,
		currencyValue: order.currencyValue,
	};
}

// ---------------------------------------------------------------- admin transitions and webhooks

function orderOr404(ctx: SandboxContext, orderId: number): StoredOrder {
	const order = findOrder(ctx, { orderId });
	if (!order) throw new SandboxHttpError(404, { error: `order ${orderId} not found` });
	return order;
}

function eventOf(order: StoredOrder, status: 'delivered' | 'canceled') {
	return {
		orderId: order.orderId,
		poNumber: order.poNumber,
		orderDate: formatIstDateTime(order.createdAt),
		deliveryStatus: status,
	};
}

export async function completeOrder(
	ctx: SandboxContext,
	orderId: number,
): Promise<LifecycleResult> {
	const order = orderOr404(ctx, orderId);
	if (order.deliveryStatus !== 'pending') {
		throw new SandboxHttpError(409, {
			error: `order ${orderId} is ${order.deliveryStatus}, not pending`,
		});
	}
	deliver(ctx, order);
	const webhook = await ctx.webhooks.notify(eventOf(order, 'delivered'));
	return { order: orderView(ctx, order, true), webhook };
}

export async function cancelOrder(ctx: SandboxContext, orderId: number): Promise<LifecycleResult> {
	const order = orderOr404(ctx, orderId);
	if (order.deliveryStatus === 'canceled')
		throw new SandboxHttpError(409, { error: `order ${orderId} is already canceled` });
	order.deliveryStatus = 'canceled';
	order.canceledAt = ctx.clock.now();
	recordPayment(ctx, {
		reason: 'Refunded',
		adjustment: order.amountCharged,
		referenceId: String(order.orderId),
	});
	const webhook = await ctx.webhooks.notify(eventOf(order, 'canceled'));
	return { order: orderView(ctx, order, true), webhook };
}

/** With config.webhook.autoCompleteDelayedAfterMs, completes a pending order after that delay (real time). */
export function scheduleAutoComplete(ctx: SandboxContext, order: StoredOrder): void {
	const delay = ctx.config.webhook.autoCompleteDelayedAfterMs;
	if (delay === undefined) return;
	const timer = setTimeout(() => {
		ctx.timers.delete(timer);
		if (order.deliveryStatus === 'pending')
			void completeOrder(ctx, order.orderId).catch(() => undefined);
	}, delay);
	timer.unref();
	ctx.timers.add(timer);
}

/** After the clock jumps: completes pending delayed orders whose auto-completion time has passed. */
export async function completeDueOrders(ctx: SandboxContext): Promise<LifecycleResult[]> {
	const delay = ctx.config.webhook.autoCompleteDelayedAfterMs;
	if (delay === undefined) return [];
	const due = ctx.state.orders.filter(
		(order) => order.deliveryStatus === 'pending' && order.createdAt + delay <= ctx.clock.now(),
	);
	const results: LifecycleResult[] = [];
	for (const order of due) {
		// The real-time timer may have completed it while an earlier webhook was being delivered.
		if (order.deliveryStatus === 'pending') results.push(await completeOrder(ctx, order.orderId));
	}
	return results;
}
