/** Gift-card operations (tag plumProAPI, user token; plum-api.md §4) and the order lifecycle behind them. */
import { randomBytes, randomInt } from 'node:crypto';
import type { OpCall, OpDefinition } from '../dispatcher.mts';
import { operationFamily } from './define.mts';
import {
	FX_TO_USD,
	acceptsDenomination,
	matchesCountry,
	offersValueBetween,
	phoneMandatory,
	quantityLimitOf,
	toNumber,
	voucherTypeOf,
	type Product,
} from '../catalogue.mts';
import { formatIstDate, formatIstDateTime, parseIstDate } from '../clock.mts';
import { SandboxHttpError, plumError } from '../errors.mts';
import {
	recordPayment,
	roundMoney,
	type SandboxContext,
	type StoredOrder,
	type Voucher,
} from '../state.mts';
import type { DeliveryRecord } from '../webhooks.mts';
import {
	asRecord,
	isBlank,
	isEmail,
	paginate,
	readCsv,
	readFlag,
	readNumber,
	readPositiveInteger,
	readString,
} from './input.mts';

const DAY_MS = 24 * 60 * 60 * 1000;
const ok = (data: unknown) => ({ status: 1, data });

// ---------------------------------------------------------------- getFilters

function getFilters({ ctx, data }: OpCall) {
	const groups = ctx.catalogue.filterGroups;
	if (!isBlank(data.filterGroupCode) && typeof data.filterGroupCode !== 'string') {
		throw plumError('PLE10003', 'filterGroupCode must be a string');
	}
	const code = (readString(data.filterGroupCode) ?? '').trim().toLowerCase();
	// include/exclude only work together with filterGroupCode (plum-api.md §4.1), so without it they are ignored.
	if (code === '') return ok(groups);
	// The docs write `currency`; the captured feed calls the group `currencyCode`.
	const wanted = code === 'currency' ? 'currencycode' : code;
	const group = groups.find((candidate) => candidate.filterGroupCode.toLowerCase() === wanted);
	if (!group)
		throw plumError('PLE10029', `Invalid filterGroupCode "${String(data.filterGroupCode)}"`);
	const include = readCsv(data.includeFilters).map((value) => value.toLowerCase());
	const exclude = readCsv(data.excludeFilters).map((value) => value.toLowerCase());
	const filters = group.filters.filter((filter) => {
		const value = filter.filterValueCode.toLowerCase();
		return (include.length === 0 || include.includes(value)) && !exclude.includes(value);
	});
	return ok([{ ...group, filters }]);
}

// ---------------------------------------------------------------- getVouchers

const VOUCHER_FILTER_KEYS = [
	'productName',
	'country',
	'price',
	'minPrice',
	'maxPrice',
	'currencyCode',
	'deliveryType',
] as const;
type VoucherFilterKey = (typeof VOUCHER_FILTER_KEYS)[number];

function readPaging(
	data: Record<string, unknown>,
	fail: (message: string) => SandboxHttpError,
): { limit: number; page: number } {
	const limit = isBlank(data.limit) ? 10 : readPositiveInteger(data.limit);
	const page = isBlank(data.page) ? 1 : readPositiveInteger(data.page);
	if (limit === undefined) throw fail('limit must be a positive integer');
	if (page === undefined) throw fail('page must be a positive integer (pages start at 1)');
	return { limit, page };
}

function readProductIds(value: unknown, field: string): Set<number> {
	const ids = readCsv(value).map((part) => readPositiveInteger(part));
	if (ids.some((id) => id === undefined))
		throw plumError('PLE10033', `${field} must be comma-separated product ids`);
	return new Set(ids as number[]);
}

function readVoucherFilters(value: unknown): Map<VoucherFilterKey, string> {
	const filters = new Map<VoucherFilterKey, string>();
	if (isBlank(value)) return filters;
	if (!Array.isArray(value))
		throw plumError('PLE10033', 'filters must be an array of {key, value}');
	for (const entry of value) {
		const filter = asRecord(entry);
		const key = filter?.key;
		if (typeof key !== 'string' || !(VOUCHER_FILTER_KEYS as readonly string[]).includes(key)) {
			throw plumError(
				'PLE10033',
				`Unknown filter key ${JSON.stringify(key)}; use one of ${VOUCHER_FILTER_KEYS.join(', ')}`,
			);
		}
		// Clients often send every key with "" (GB's own example does); an empty value means "not filtered".
		if (isBlank(filter?.value)) continue;
		filters.set(key as VoucherFilterKey, String(filter?.value).trim());
	}
	return filters;
}

function applyVoucherFilters(
	products: Product[],
	filters: Map<VoucherFilterKey, string>,
): Product[] {
	let result = products;
	const name = filters.get('productName');
	if (name)
		result = result.filter((product) => product.name.toLowerCase().includes(name.toLowerCase()));
	const country = filters.get('country');
	if (country) result = result.filter((product) => matchesCountry(product, country));
	const deliveryType = filters.get('deliveryType');
	if (deliveryType) {
		if (deliveryType !== 'realtime' && deliveryType !== 'delayed') {
			throw plumError('PLE10033', 'deliveryType must be realtime or delayed');
		}
		result = result.filter((product) => product.deliveryType === deliveryType);
	}
	const price = filters.get('price');
	if (price) {
		const value = readNumber(price);
		if (value === undefined) throw plumError('PLE10033', 'price must be a number');
		result = result.filter((product) => offersValueBetween(product, value, value));
	}
	const currency = filters.get('currencyCode');
	if (currency) {
		result = result.filter(
			(product) => product.currencyCode.toUpperCase() === currency.toUpperCase(),
		);
		// minPrice/maxPrice apply only together with currencyCode (plum-api.md §4.2); alone they are ignored.
		const min = filters.has('minPrice') ? readNumber(filters.get('minPrice')) : -Infinity;
		const max = filters.has('maxPrice') ? readNumber(filters.get('maxPrice')) : Infinity;
		if (min === undefined || max === undefined)
			throw plumError('PLE10033', 'minPrice/maxPrice must be numbers');
		result = result.filter((product) => offersValueBetween(product, min, max));
	}
	return result;
}

function sortProducts(products: Product[], sortValue: unknown): Product[] {
	const sort = asRecord(sortValue);
	if (isBlank(sortValue)) return products;
	if (!sort) throw plumError('PLE10033', 'sort must be {field, order}');
	const field = readString(sort.field)?.trim();
	if (!field) return products;
	const order = (readString(sort.order) ?? 'ASC').toUpperCase();
	if (order !== 'ASC' && order !== 'DESC')
		throw plumError('PLE10033', 'sort.order must be ASC or DESC');
	const direction = order === 'ASC' ? 1 : -1;
	return [...products].sort((a, b) => {
		const left = a[field];
		const right = b[field];
		const leftNumber = toNumber(left);
		const rightNumber = toNumber(right);
		const compared =
			Number.isFinite(leftNumber) && Number.isFinite(rightNumber)
				? leftNumber - rightNumber
				: String(left ?? '').localeCompare(String(right ?? ''));
		return compared * direction;
	});
}

function getVouchers({ ctx, data }: OpCall) {
	const { limit, page } = readPaging(data, (message) => plumError('PLE10033', message));
	const include = readProductIds(data.includeProducts, 'includeProducts');
	const exclude = readProductIds(data.excludeProducts, 'excludeProducts');
	let products = ctx.catalogue.products.filter(
		(product) =>
			(include.size === 0 || include.has(product.productId)) && !exclude.has(product.productId),
	);
	products = applyVoucherFilters(products, readVoucherFilters(data.filters));
	products = sortProducts(products, data.sort);
	const pageItems = paginate(products, limit, page);
	// An empty page, including one past the end, is "No Vouchers Found" like an empty search.
	if (pageItems.length === 0) throw plumError('PLE10030', 'No Vouchers Found');
	const withRates = readFlag(data.exchangeRate) === 1;
	return ok(
		pageItems.map((product) => {
			const copy = structuredClone(product);
			if (withRates) copy.exchangeRate = FX_TO_USD[product.currencyCode] ?? 1;
			return copy;
		}),
	);
}

// ---------------------------------------------------------------- getBalance

function getBalance({ ctx }: OpCall) {
	const { config, state } = ctx;
	return ok({
		points: config.balance.points,
		value: state.balance,
		currency: config.balance.currency,
	});
}

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
	return ok(orderView(ctx, order, false));
}

function roundRate(rate: number): number {
	return Math.round(rate * 1e6) / 1e6;
}

function deliver(ctx: SandboxContext, order: StoredOrder): void {
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

// ---------------------------------------------------------------- getOrderDetails

/** With poNumber, Plum wants orderId as null, 0 or "0" (plum-api.md §4.5). */
function isAbsentOrderId(value: unknown): boolean {
	return value === undefined || value === null || value === 0 || value === '0' || value === '';
}

export function findOrder(
	ctx: SandboxContext,
	lookup: { orderId?: number; poNumber?: string },
): StoredOrder | undefined {
	const orders = ctx.state.orders;
	if (lookup.orderId !== undefined) return orders.find((order) => order.orderId === lookup.orderId);
	// A canceled poNumber may be reused, so the newest order with the number wins.
	return [...orders].reverse().find((order) => order.poNumber === lookup.poNumber);
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
	return ok(orderView(ctx, order, true));
}

// ---------------------------------------------------------------- getOrderHistory

function readDateRange(
	data: Record<string, unknown>,
	fail: (message: string) => SandboxHttpError,
): { from: number; to: number } {
	const start = parseIstDate(data.startDate);
	const end = parseIstDate(data.endDate);
	if (start === null || end === null)
		throw fail('startDate and endDate must be dates as YYYY-MM-DD');
	if (end < start) throw fail('endDate must not be before startDate');
	return { from: start, to: end + DAY_MS };
}

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

// ---------------------------------------------------------------- paymentHistory

type Envelope = 'dataData' | 'data' | 'variablesData';

/**
 * plum-api.md §4.7 ❓: the SRV spec puts the fields in a top-level `data.data`, other HP pages in a
 * top-level `data`, AE in `variables.data`. All three are accepted unless config.paymentEnvelope pins one.
 */
function readPaymentEnvelope(
	ctx: SandboxContext,
	body: Record<string, unknown>,
): Record<string, unknown> {
	const topData = asRecord(body.data);
	const candidates: Array<[Envelope, Record<string, unknown> | undefined]> = [
		['variablesData', asRecord(asRecord(body.variables)?.data)],
		['dataData', asRecord(topData?.data)],
		['data', topData],
	];
	const found = candidates.find(([, value]) => value !== undefined);
	if (!found) throw plumError('PLE10002', 'Missing request data for paymentHistory');
	const wanted = ctx.config.paymentEnvelope;
	if (wanted !== 'any' && found[0] !== wanted) {
		throw plumError(
			'PLE10002',
			`Missing request data for paymentHistory (this sandbox only reads the ${wanted} envelope)`,
		);
	}
	return found[1] as Record<string, unknown>;
}

function paymentHistory({ ctx, body }: OpCall) {
	const data = readPaymentEnvelope(ctx, body);
	const fail = (message: string) => plumError('PLE10002', message);
	const { from, to } = readDateRange(data, fail);
	const { limit, page } = readPaging(data, fail);
	const rows = ctx.state.payments
		.filter((row) => row.at >= from && row.at < to)
		.sort((a, b) => b.at - a.at);
	const pageRows = paginate(rows, limit, page);
	// No documented answer for an empty report; PLE10027 ("history not found", §7) is the closest id.
	if (pageRows.length === 0)
		throw plumError('PLE10027', 'No payment history found for the given dates');
	return ok(pageRows.map(({ at: _at, ...row }) => row));
}

// ---------------------------------------------------------------- order lifecycle (admin, webhooks)

export interface LifecycleResult {
	order: Record<string, unknown>;
	webhook: DeliveryRecord | null;
}

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

function scheduleAutoComplete(ctx: SandboxContext, order: StoredOrder): void {
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

// ---------------------------------------------------------------- registry

const giftCard = operationFamily('plumProAPI', 'plumProAPI', 'user');

export const giftCardOperations: OpDefinition[] = [
	giftCard('getFilters', 'mutation', getFilters),
	giftCard('getVouchers', 'mutation', getVouchers),
	giftCard('getBalance', 'query', getBalance),
	giftCard('placeOrder', 'mutation', placeOrder),
	giftCard('getOrderDetails', 'mutation', getOrderDetails),
	giftCard('getOrderHistory', 'mutation', getOrderHistory),
	giftCard('paymentHistory', 'mutation', paymentHistory, { responseKey: (ctx) => ctx.config.paymentResponseKey }),
];
