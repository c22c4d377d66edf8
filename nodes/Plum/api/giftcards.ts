import type { IDataObject } from 'n8n-workflow';

import type { PlumContext } from '../transport';
import { settle } from '../transport/errors';
import type { CallOptions, Lookup, PlumCall } from './define';
import { callPlum, callPlumList, lookUpPlum } from './define';
import type { PlumBalance, PlumFilterGroup, PlumOrder, PlumPayment, PlumProduct } from './records';
import { toBalance, toFilterGroup, toOrder, toPayment, toProduct } from './records';

/** The gift card calls (`tag: plumProAPI`, user token; docs/plum-api.md §4). */
export const GIFT_CARD_CALLS = {
	getFilters: { query: 'plumProAPI.mutation.getFilters', safeToResend: true },
	getVouchers: { query: 'plumProAPI.mutation.getVouchers', safeToResend: true, noRecords: ['PLE10030'] },
	getBalance: { query: 'plumProAPI.query.getBalance', safeToResend: true },
	// Money moves: never sent again automatically (order.create recovers through getOrderDetails).
	placeOrder: { query: 'plumProAPI.mutation.placeOrder', safeToResend: false },
	getOrderDetails: { query: 'plumProAPI.mutation.getOrderDetails', safeToResend: true, notFound: ['PLE10016'] },
	getOrderHistory: { query: 'plumProAPI.mutation.getOrderHistory', safeToResend: true, noRecords: ['PLE10022', 'PLE10027'] },
	// Answered under getPaymentReport too (§4.7).
	paymentHistory: { query: 'plumProAPI.mutation.paymentHistory', safeToResend: true, resultKeys: ['getPaymentReport'], noRecords: ['PLE10027', 'PLE10022'] },
} as const satisfies Record<string, PlumCall>;

type Options = Pick<CallOptions, 'itemIndex' | 'fastFail'>;

/** getFilters for one group ('' = every group), one record per filter group. */
export async function getFilters(this: PlumContext, filterGroupCode: string, options: Options = {}): Promise<PlumFilterGroup[]> {
	const groups = await callPlumList.call(this, GIFT_CARD_CALLS.getFilters, { filterGroupCode, includeFilters: '', excludeFilters: '' }, options);
	return groups.map(toFilterGroup);
}

export interface CatalogueQuery {
	page: number;
	limit: number;
	filters?: Array<{ key: string; value: string | number }>;
	includeProducts?: string;
	excludeProducts?: string;
	sort?: { field: string; order: 'ASC' | 'DESC' };
}

/** One page of the catalogue; an empty list where Plum answers "No Vouchers Found" (PLE10030). */
export async function getVouchers(this: PlumContext, query: CatalogueQuery, options: Options = {}): Promise<PlumProduct[]> {
	const data: IDataObject = { limit: query.limit, page: query.page, includeProducts: query.includeProducts ?? '', excludeProducts: query.excludeProducts ?? '' };
	if (query.filters?.length) data.filters = query.filters;
	if (query.sort) data.sort = query.sort;
	const products = await callPlumList.call(this, GIFT_CARD_CALLS.getVouchers, data, options);
	return products.map(toProduct);
}

/** One product by id, or not found when the catalogue has no such product. */
export async function getProduct(this: PlumContext, productId: number, options: Options = {}): Promise<Lookup<PlumProduct>> {
	const [product] = await getVouchers.call(this, { page: 1, limit: 1, includeProducts: String(productId) }, options);
	return product && product.productId === productId ? { found: true, record: product } : { found: false };
}

export async function getBalance(this: PlumContext, options: Options = {}): Promise<PlumBalance> {
	const result = await callPlum.call(this, GIFT_CARD_CALLS.getBalance, {}, options);
	return toBalance((result.data ?? {}) as IDataObject);
}

/** placeOrder's input, as Plum takes it (§4.4). */
export interface PlumOrderRequest extends IDataObject {
	productId: number;
	denomination: number;
	quantity: number;
	poNumber: string;
	email: string;
	contact: string;
	notifyReceiverEmail: 0 | 1;
	notifyAdminEmail: 0 | 1;
	tag: string;
}

/** Places one order. Never sent twice by the transport: a failure whose outcome is unknown is the caller's to resolve. */
export async function placeOrder(this: PlumContext, order: PlumOrderRequest, options: Options = {}): Promise<PlumOrder> {
	const result = await callPlum.call(this, GIFT_CARD_CALLS.placeOrder, order, options);
	return toOrder((result.data ?? {}) as IDataObject);
}

export type OrderKey = { orderId: number } | { poNumber: string };

/** getOrderDetails by orderId or poNumber (the other one sent empty, as Plum documents), or not found (PLE10016). */
export async function getOrderDetails(
	this: PlumContext,
	key: OrderKey,
	options: Options & { sendMailToReceiver?: boolean } = {},
): Promise<Lookup<PlumOrder>> {
	const input = {
		orderId: 'orderId' in key ? key.orderId : null,
		poNumber: 'poNumber' in key ? key.poNumber : '',
		sendMailToReceiver: options.sendMailToReceiver ? 1 : 0,
	};
	const lookup = await lookUpPlum.call(this, GIFT_CARD_CALLS.getOrderDetails, input, options);
	return lookup.found ? { found: true, record: toOrder(lookup.record) } : lookup;
}

export interface HistoryQuery {
	/** YYYY-MM-DD */
	startDate: string;
	endDate: string;
	page: number;
	limit: number;
	tag?: string;
}

/** One page of the order history; an empty list where Plum answers "no orders" (PLE10022, PLE10027). */
export async function getOrderHistory(this: PlumContext, query: HistoryQuery, options: Options = {}): Promise<PlumOrder[]> {
	const data: IDataObject = { startDate: query.startDate, endDate: query.endDate, page: query.page, limit: query.limit };
	if (query.tag) data.tag = query.tag;
	const orders = await callPlumList.call(this, GIFT_CARD_CALLS.getOrderHistory, data, options);
	return orders.map(toOrder);
}

/**
 * The sources disagree on where paymentHistory takes its input (§4.7): Plum's own spec says
 * top-level `data.data` "intentionally", other pages say top-level `data`, the OpenAPI sketch says
 * `variables.data`. The spec's form goes first; the others only when Plum rejects a request as
 * malformed (HTTP 400). The form that worked last is tried first from then on.
 */
const PAYMENT_ENVELOPES: Record<string, (input: IDataObject) => IDataObject> = {
	dataData: (input) => ({ query: GIFT_CARD_CALLS.paymentHistory.query, tag: 'plumProAPI', data: { data: input } }),
	variablesData: (input) => ({ query: GIFT_CARD_CALLS.paymentHistory.query, tag: 'plumProAPI', variables: { data: input } }),
	data: (input) => ({ query: GIFT_CARD_CALLS.paymentHistory.query, tag: 'plumProAPI', data: input }),
};
let lastWorkingEnvelope: string | undefined;

/** One page of the payment history. */
export async function getPaymentHistory(
	this: PlumContext,
	query: Omit<HistoryQuery, 'tag'>,
	options: Options = {},
): Promise<PlumPayment[]> {
	const names = Object.keys(PAYMENT_ENVELOPES).sort((a, b) => Number(b === lastWorkingEnvelope) - Number(a === lastWorkingEnvelope));
	for (const [index, name] of names.entries()) {
		const body = PAYMENT_ENVELOPES[name](query as IDataObject);
		const outcome = await settle(this, callPlumList.call(this, GIFT_CARD_CALLS.paymentHistory, query as IDataObject, { ...options, body }));
		if (outcome.ok) {
			lastWorkingEnvelope = name;
			return outcome.value.map(toPayment);
		}
		if (outcome.failure?.status !== 400 || index === names.length - 1) throw outcome.error;
	}
	return [];
}
