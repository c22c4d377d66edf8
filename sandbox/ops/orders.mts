/**
 * Gift-card orders (plum-api.md §4.4-4.6): placeOrder, getOrderDetails and getOrderHistory.
 * What happens to an order after it is placed (delivery, cancellation, webhooks) is in orderLifecycle.mts.
 */
import type { OpCall, OpDefinition } from '../dispatcher.mts';
import {
	FX_TO_USD,
	acceptsDenomination,
	phoneMandatory,
	quantityLimitOf,
	toNumber,
	voucherTypeOf,
} from '../catalogue.mts';
import { plumError } from '../errors.mts';
import { recordPayment, roundMoney, type SandboxContext, type StoredOrder } from '../state.mts';
import { giftCard, ok } from './giftCardFamily.mts';
import {
	isBlank,
	isEmail,
	paginate,
	readFlag,
	readNumber,
	readPositiveInteger,
	readString,
} from './input.mts';
import { readDateRange, readPaging } from './listQuery.mts';
import { deliver, findOrder, orderAnswer, orderView, scheduleAutoComplete } from './orderLifecycle.mts';

// ---------------------------------------------------------------- placeOrder

const CONTACT = /^\+\d{1,4}-\d{6,14}$/;

/** Rate from a product currency into the account's base currency. */
function rateToBase(ctx: SandboxContext, currency: string): number {
	const base = FX_TO_USD[ctx.config.balance.currency] ?? 1;
	return (FX_TO_USD[currency] ?? 1) / base;
}

function placeOrder({ ctx, data }: OpCall) {
	const { state, config, catalogue } = ctx;
	const productId = readPositiveInteger(data.productId);
	const quantity = readPositiveInteger(data.quantity);
	const denomination = readNumber(data.denomination);
	const problems: string[] = [];
	if (productId === undefined) problems.push('productId is required and must be an integer');
	if (quantity === undefined) problems.push('quantity is required and must be a positive integer');
	if (denomination === undefined || denomination <= 0)
		problems.push('denomination is required and must be a positive number');
	for (const flag of ['notifyReceiverEmail', 'notifyAdminEmail']) {
		if (!isBlank(data[flag]) && readFlag(data[flag]) === undefined)
			problems.push(`${flag} must be 0 or 1`);
	}
	if (!isBlank(data.email) && !isEmail(data.email))
		problems.push('email is not a valid e-mail address');
	if (!isBlank(data.contact) && !(typeof data.contact === 'string' && CONTACT.test(data.contact))) {
		problems.push('contact must look like +1-5234567890');
	}
	if (problems.length > 0) throw plumError('PLE10001', problems.join('; '));

	const poNumber = data.poNumber;
	if (typeof poNumber !== 'string' || poNumber.trim() === '' || poNumber.length > 100) {
		throw plumError('PLE10004', 'poNumber is required: a string of at most 100 characters');
	}
	// A poNumber may be reused only after its order was canceled (plum-api.md §7, FAQ). Plum's error id for a
	// duplicate is undocumented (§7 ❓); PLE10004 at 422 is the likely one, so the sandbox answers that.
	if (
		state.orders.some((order) => order.poNumber === poNumber && order.deliveryStatus !== 'canceled')
	) {
		throw plumError(
			'PLE10004',
			`poNumber already exists: "${poNumber}" was used by an earlier order`,
		);
	}

	const product = catalogue.byId.get(productId as number);
	if (!product)
		throw plumError(
			'PLE10017',
			`Product details not found for productId ${productId}; refresh the catalogue`,
		);
	if (!acceptsDenomination(product, denomination as number)) {
		throw plumError(
			'PLE10018',
			`Not found, ProductId and Denomination Combination Not Found (${productId}, ${denomination})`,
		);
	}
	const limit = quantityLimitOf(product, config.defaultQuantityLimit);
	if ((quantity as number) > limit) {
		throw plumError(
			'PLE10041',
			`Order Failed, as per your current setup you are not allowed to add more than ${limit} qty.`,
			`Clients are not allowed to place more than ${limit} Qty`,
		);
	}
	if (phoneMandatory(product) && isBlank(data.contact)) {
		throw plumError('PLE10001', `contact (phone number) is mandatory for product ${productId}`);
	}

	const rate = rateToBase(ctx, product.currencyCode);
	const orderTotal = roundMoney((denomination as number) * (quantity as number) * rate);
	const discountPercent = toNumber(product.discount) || 0;
	const orderDiscount = roundMoney((orderTotal * discountPercent) / 100);
	const amountCharged = roundMoney(orderTotal - orderDiscount);
	if (amountCharged > state.balance) {
		throw plumError(
			'PLE10023',
			`Insufficient balance: ${amountCharged} ${config.balance.currency} needed, ${state.balance} available`,
		);
	}

	const now = ctx.clock.now();
	const order: StoredOrder = {
		orderId: state.nextOrderId++,
		poNumber,
		request: structuredClone(data),
		productId: product.productId,
		productName: product.name,
		productCurrency: product.currencyCode,
		productCountry:
			product.countries.map((country) => country.code).join(',') || product.countryCode,
		voucherType: voucherTypeOf(product),
		quantity: quantity as number,
		denomination: denomination as number,
		email: readString(data.email) ?? '',
		contact: readString(data.contact) ?? '',
		tag: readString(data.tag) ?? '',
		orderTotal,
		orderDiscount,
		discountPercent,
		amountCharged,
		currencyValue: roundRate(rate),
		deliveryStatus: 'pending',
		vouchers: [],
		createdAt: now,
		deliveredAt: null,
		canceledAt: null,
		mailResends: 0,
	};
	if (product.deliveryType !== 'delayed') deliver(ctx, order);
	state.orders.push(order);
	recordPayment(ctx, {
		reason: 'Brand vouchers issued',
		adjustment: -amountCharged,
		referenceId: String(order.orderId),
	});
	if (order.deliveryStatus === 'pending') scheduleAutoComplete(ctx, order);
	return ok(orderAnswer(ctx, order, false));
}

function roundRate(rate: number): number {
	return Math.round(rate * 1e6) / 1e6;
}

// ---------------------------------------------------------------- getOrderDetails

/** With poNumber, Plum wants orderId as null, 0 or "0" (plum-api.md §4.5). */
function isAbsentOrderId(value: unknown): boolean {
	return value === undefined || value === null || value === 0 || value === '0' || value === '';
}

function getOrderDetails({ ctx, data }: OpCall) {
	const byOrderId = !isAbsentOrderId(data.orderId);
	const byPoNumber = !isBlank(data.poNumber);
	if (!byOrderId && !byPoNumber) throw plumError('PLE10002', 'Send orderId or poNumber');
	const sendMail = readFlag(data.sendMailToReceiver);
	if (!isBlank(data.sendMailToReceiver) && sendMail === undefined)
		throw plumError('PLE10002', 'sendMailToReceiver must be 0 or 1');

	let order: StoredOrder | undefined;
	if (byOrderId) {
		const orderId = readPositiveInteger(data.orderId);
		if (orderId === undefined) throw plumError('PLE10002', 'orderId must be an integer');
		order = findOrder(ctx, { orderId });
	} else {
		if (typeof data.poNumber !== 'string') throw plumError('PLE10002', 'poNumber must be a string');
		order = findOrder(ctx, { poNumber: data.poNumber });
	}
	if (!order) throw plumError('PLE10016', 'Order not found: check the orderId/poNumber');
	if (sendMail === 1) order.mailResends += 1;
	return ok(orderAnswer(ctx, order, true));
}

// ---------------------------------------------------------------- getOrderHistory

function getOrderHistory({ ctx, data }: OpCall) {
	const fail = (message: string) => plumError('PLE10032', message);
	const { from, to } = readDateRange(data, fail);
	const { limit, page } = readPaging(data, fail);
	const tag = readString(data.tag) ?? '';
	const rows = ctx.state.orders
		.filter(
			(order) =>
				order.createdAt >= from && order.createdAt < to && (tag === '' || order.tag === tag),
		)
		.sort((a, b) => b.orderId - a.orderId);
	const pageRows = paginate(rows, limit, page);
	if (pageRows.length === 0) throw plumError('PLE10022', 'No orders found for the given dates');
	return ok(pageRows.map((order) => historyRow(ctx, order)));
}

function historyRow(ctx: SandboxContext, order: StoredOrder): Record<string, unknown> {
	const view = orderView(ctx, order, true);
	return {
		orderId: order.orderId,
		orderDate: view.orderDate,
		email: order.email,
		deliveryStatus: order.deliveryStatus,
		poNumber: order.poNumber,
		tag: order.tag,
		orderTotal: view.orderTotal,
		orderDiscount: view.orderDiscount,
		discountPercent: view.discountPercent,
		amountCharged: view.amountCharged,
		currencyValue: view.currencyValue,
		currencyCode: view.currencyCode,
		products: [
			{
				productId: order.productId,
				productName: order.productName,
				receiverMobileNumber: order.contact,
				receiverEmail: order.email,
				price: order.denomination,
				quantity: order.quantity,
				orderProductStatus: (view.voucherDetails as Array<Record<string, unknown>>)[0]
					.productStatus,
				currency: order.productCurrency,
			},
		],
		voucherDetails: view.voucherDetails,
	};
}

export const orderOperations: OpDefinition[] = [
	giftCard('placeOrder', 'mutation', placeOrder),
	giftCard('getOrderDetails', 'mutation', getOrderDetails),
	giftCard('getOrderHistory', 'mutation', getOrderHistory),
];
