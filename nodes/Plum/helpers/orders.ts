import type { IDataObject } from 'n8n-workflow';

import { asNodeError, plumFailureOf } from '../transport/errors';
import { plumDispatch } from '../transport';
import type { PlumContext } from '../transport';
import { plumTimestampToIso } from './dates';
import { toNumbers } from './normalize';

const ORDER_NUMBER_FIELDS = [
	'orderId',
	'orderTotal',
	'rawOrderTotal',
	'orderDiscount',
	'rawOrderDiscount',
	'discountPercent',
	'currencyValue',
	'amountCharged',
	'quantity',
] as const;
const VOUCHER_NUMBER_FIELDS = ['productId', 'orderId', 'amount', 'currencyValue'] as const;
const VOUCHER_DETAIL_NUMBER_FIELDS = ['orderId', 'productId', 'denomination', 'cancelledQuantity'] as const;
const PRODUCT_LINE_NUMBER_FIELDS = ['productId', 'price', 'quantity'] as const;

function mapList(value: unknown, fields: readonly string[]): unknown {
	return Array.isArray(value) ? value.map((entry) => toNumbers(entry, fields)) : value;
}

/** An order as Plum sent it, with numbers as numbers and ISO dates (IST) next to Plum's own. */
export function normalizeOrder(raw: IDataObject): IDataObject {
	const order = toNumbers(raw, ORDER_NUMBER_FIELDS);
	if ('vouchers' in order) order.vouchers = mapList(order.vouchers, VOUCHER_NUMBER_FIELDS) as IDataObject[];
	if ('voucherDetails' in order) order.voucherDetails = mapList(order.voucherDetails, VOUCHER_DETAIL_NUMBER_FIELDS) as IDataObject[];
	if ('products' in order) order.products = mapList(order.products, PRODUCT_LINE_NUMBER_FIELDS) as IDataObject[];
	if (typeof order.deliveryStatus === 'string') order.deliveryStatus = order.deliveryStatus.toLowerCase();
	if ('orderDate' in order) order.orderDateIso = plumTimestampToIso(order.orderDate);
	if ('deliveryDate' in order) order.deliveryDateIso = plumTimestampToIso(order.deliveryDate);
	return order;
}

export interface OrderLookup {
	orderId?: number;
	poNumber?: string;
	sendMailToReceiver?: boolean;
	fastFail?: boolean;
	itemIndex?: number;
}

/** getOrderDetails by orderId or poNumber (the other one sent empty, as Plum documents). */
export async function getOrderDetails(this: PlumContext, lookup: OrderLookup): Promise<IDataObject> {
	const byPoNumber = lookup.poNumber !== undefined;
	const result = await plumDispatch.call(this, {
		query: 'plumProAPI.mutation.getOrderDetails',
		tag: 'plumProAPI',
		data: {
			orderId: byPoNumber ? null : lookup.orderId,
			poNumber: byPoNumber ? lookup.poNumber : '',
			sendMailToReceiver: lookup.sendMailToReceiver ? 1 : 0,
		},
		retryable: true,
		fastFail: lookup.fastFail,
		itemIndex: lookup.itemIndex,
	});
	return normalizeOrder((result.data ?? {}) as IDataObject);
}

/** getOrderDetails by poNumber, or undefined when Plum has no such order (PLE10016). */
export async function findOrderByPoNumber(this: PlumContext, poNumber: string, itemIndex?: number): Promise<IDataObject | undefined> {
	try {
		return await getOrderDetails.call(this, { poNumber, itemIndex });
	} catch (error) {
		const failure = plumFailureOf(error);
		if (failure?.errorId === 'PLE10016' || (failure?.status === 404 && !failure.errorId)) return undefined;
		throw asNodeError(this, error);
	}
}
