import type { IDataObject } from 'n8n-workflow';

import { plumTimestampToIso } from '../helpers/dates';
import { toNumber, toNumbers } from '../helpers/normalize';
import { DEFAULT_QUANTITY_LIMIT } from '../helpers/products';
import type { ProductRules } from '../helpers/products';

/**
 * The records Plum sends, as the node hands them on: Plum's own field names, numbers as numbers,
 * ISO dates beside Plum's IST timestamps. Fields Plum adds that are not named here pass through.
 */

/** A gift card product (getVouchers, docs/plum-api.md §4.2). */
export interface PlumProduct extends IDataObject, ProductRules {
	productId: number;
	lastUpdateDateIso: string | null;
}

/** One gift card of an order. */
export interface PlumVoucher extends IDataObject {
	productId?: number;
	orderId?: number;
	voucherCode?: string;
	pin?: string;
	amount?: number;
	currency?: string;
}

/** An order (placeOrder, getOrderDetails, getOrderHistory, docs/plum-api.md §4.4 to §4.6). */
export interface PlumOrder extends IDataObject {
	orderId: number;
	orderStatus?: string;
	/** Lower case: delivered, pending, canceled ... */
	deliveryStatus?: string;
	vouchers?: PlumVoucher[];
	orderDateIso?: string | null;
	deliveryDateIso?: string | null;
}

/** One group of catalogue filters (getFilters, §4.1). */
export interface PlumFilterGroup extends IDataObject {
	filterGroupCode: string;
	filters: Array<{ filterValue?: string; filterValueCode?: string; isoCode?: string }>;
}

/** The account balance (getBalance, §4.3). */
export interface PlumBalance extends IDataObject {
	value: number | null;
	points?: number | null;
	currency?: string;
}

/** One row of the payment history (paymentHistory, §4.7). */
export interface PlumPayment extends IDataObject {
	dateIso: string | null;
}

/** A reward link campaign (campaignList, campaignDetails, §6). */
export interface PlumCampaign extends IDataObject {
	campaignId: number;
	campaignName?: string;
}

const PRODUCT_NUMBER_FIELDS = [
	'productId',
	'minValue',
	'maxValue',
	'fee',
	'discount',
	'exchangeRateRule',
	'exchangeRate',
	'orderQuantityLimit',
	'tatInDays',
	'parentProductId',
] as const;
const ORDER_NUMBER_FIELDS = [
	'orderId',
	'orderTotal',
	'orderDiscount',
	'discountPercent',
	'currencyValue',
	'amountCharged',
	'quantity',
] as const;
const VOUCHER_NUMBER_FIELDS = ['productId', 'orderId', 'amount', 'currencyValue'] as const;
const VOUCHER_DETAIL_NUMBER_FIELDS = ['orderId', 'productId', 'denomination', 'cancelledQuantity'] as const;
const PRODUCT_LINE_NUMBER_FIELDS = ['productId', 'price', 'quantity'] as const;
const PAYMENT_NUMBER_FIELDS = ['adjusted_amount', 'closing_balance'] as const;
const CAMPAIGN_NUMBER_FIELDS = ['campaignId', 'denomination_value', 'product_count'] as const;

function truthy(value: unknown): boolean {
	return value === true || value === 1 || value === '1' || String(value).toLowerCase() === 'true' || String(value).toLowerCase() === 'yes';
}

function mapList(value: unknown, fields: readonly string[]): unknown {
	return Array.isArray(value) ? value.map((entry) => toNumbers(entry, fields)) : value;
}

/** Plum's product with numbers as numbers and the ordering rules spelled out. */
export function toProduct(raw: IDataObject): PlumProduct {
	const product = toNumbers(raw, PRODUCT_NUMBER_FIELDS);
	const denominations = String(raw.valueDenominations ?? '')
		.split(',')
		.map((part) => toNumber(part))
		.filter((value): value is number => typeof value === 'number')
		.sort((a, b) => a - b);
	const limit = toNumber(raw.orderQuantityLimit);
	return {
		...product,
		productId: Number(product.productId),
		name: String(product.name ?? ''),
		denominations,
		phoneRequired: truthy(raw.isPhoneNumberMandatory),
		quantityLimit: typeof limit === 'number' && limit > 0 ? limit : DEFAULT_QUANTITY_LIMIT,
		lastUpdateDateIso: plumTimestampToIso(raw.lastUpdateDate),
	};
}

/** An order as Plum sent it, with numbers as numbers and ISO dates (IST) next to Plum's own. */
export function toOrder(raw: IDataObject): PlumOrder {
	// rawOrderTotal and rawOrderDiscount (documented, not in live answers) repeat orderTotal and orderDiscount.
	const order = toNumbers(raw, ORDER_NUMBER_FIELDS) as PlumOrder;
	delete order.rawOrderTotal;
	delete order.rawOrderDiscount;
	if ('vouchers' in order) order.vouchers = mapList(order.vouchers, VOUCHER_NUMBER_FIELDS) as PlumVoucher[];
	if ('voucherDetails' in order) order.voucherDetails = mapList(order.voucherDetails, VOUCHER_DETAIL_NUMBER_FIELDS) as IDataObject[];
	if ('products' in order) order.products = mapList(order.products, PRODUCT_LINE_NUMBER_FIELDS) as IDataObject[];
	if (typeof order.deliveryStatus === 'string') order.deliveryStatus = order.deliveryStatus.toLowerCase();
	if ('orderDate' in order) order.orderDateIso = plumTimestampToIso(order.orderDate);
	if ('deliveryDate' in order) order.deliveryDateIso = plumTimestampToIso(order.deliveryDate);
	return order;
}

export function toFilterGroup(raw: IDataObject): PlumFilterGroup {
	return {
		...raw,
		filterGroupCode: String(raw.filterGroupCode ?? ''),
		filters: Array.isArray(raw.filters) ? (raw.filters as PlumFilterGroup['filters']) : [],
	};
}

export function toBalance(raw: IDataObject): PlumBalance {
	return toNumbers(raw, ['value', 'points']) as PlumBalance;
}

export function toPayment(raw: IDataObject): PlumPayment {
	return { ...toNumbers(raw, PAYMENT_NUMBER_FIELDS), dateIso: plumTimestampToIso(raw.date) };
}

export function toCampaign(raw: IDataObject): PlumCampaign {
	return toNumbers(raw, CAMPAIGN_NUMBER_FIELDS) as PlumCampaign;
}
