/**
 * Everything one sandbox holds between resets, bundled as a context that routes and operations share.
 * A reset builds a whole new context, so nothing leaks from one test to the next.
 */
import type { SandboxConfig, TokenType } from './config.mts';
import { SandboxClock, formatIstDateTime } from './clock.mts';
import { TokenStore, type AuthenticatedCaller, type IssuedTokens } from './auth.mts';
import { buildCatalogue, type Catalogue } from './catalogue.mts';
import { OperationRateLimiter } from './rateLimit.mts';
import { FaultStore } from './faults.mts';
import { WebhookDispatcher } from './webhooks.mts';

export interface Voucher {
	productId: number;
	orderId: number;
	voucherCode: string;
	pin: string;
	validity: string;
	amount: number;
	currency: string;
	country: string;
	type: string;
	currencyValue: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'canceled';

export interface StoredOrder {
	orderId: number;
	poNumber: string;
	/** The placeOrder `variables.data` exactly as received. */
	request: Record<string, unknown>;
	productId: number;
	productName: string;
	productCurrency: string;
	productCountry: string;
	voucherType: string;
	quantity: number;
	denomination: number;
	email: string;
	contact: string;
	tag: string;
	orderTotal: number;
	orderDiscount: number;
	discountPercent: number;
	amountCharged: number;
	currencyValue: number;
	deliveryStatus: DeliveryStatus;
	vouchers: Voucher[];
	createdAt: number;
	deliveredAt: number | null;
	canceledAt: number | null;
	/** How often getOrderDetails asked for the receiver e-mail to be resent (sendMailToReceiver 1). */
	mailResends: number;
}

export interface PaymentRow {
	invoice_number: string;
	reference_id: string;
	date: string;
	reason: string;
	adjusted_amount: number;
	closing_balance: number;
	transaction_status: 'Complete' | 'Cancelled';
	/** Epoch ms, for date filtering; stripped from responses. */
	at: number;
}

export interface PointsGrant {
	unique_id: number;
	sender_email: string;
	to_name: string;
	to_email: string;
	amount: number;
	citation: string;
	expiry_month: number | null;
	status: 'active' | 'canceled';
	at: number;
}

export interface Campaign {
	campaignId: number;
	campaignName: string;
	denomination_value: string;
	countryName: string;
	currencyCode: string;
	created_date: string;
	product_count: number;
	status: 'enabled' | 'disabled';
	vouchers: Array<{ name: string; image: string }>;
}

export interface LinkBatch {
	batchId: string;
	campaignId: number;
	links: string[];
	emails: string[];
	linkExpiry: string;
	at: number;
}

export interface RecordedRequest {
	id: number;
	time: number;
	method: string;
	path: string;
	headers: Record<string, unknown>;
	body: unknown;
	op: string | null;
	/** HTTP status answered; null when the connection was dropped (or is still being handled). */
	status: number | null;
	dropped: boolean;
	fault: string | null;
	durationMs: number | null;
}

export interface SandboxState {
	orders: StoredOrder[];
	nextOrderId: number;
	balance: number;
	payments: PaymentRow[];
	nextInvoice: number;
	points: PointsGrant[];
	nextPointsId: number;
	campaigns: Campaign[];
	linkBatches: LinkBatch[];
	requests: RecordedRequest[];
	nextRequestId: number;
	/** placeOrder calls being handled right now, per poNumber, and the most ever at once. */
	ordersInFlight: OrdersInFlight;
}

export interface OrdersInFlight {
	now: Record<string, number>;
	/** The most placeOrder calls handled at the same time, over all poNumbers */
	peak: number;
	/** Per poNumber, the most placeOrder calls for it handled at the same time */
	peakPerPoNumber: Record<string, number>;
}

export interface SandboxContext {
	config: SandboxConfig;
	clock: SandboxClock;
	catalogue: Catalogue;
	tokens: TokenStore;
	rateLimiter: OperationRateLimiter;
	faults: FaultStore;
	webhooks: WebhookDispatcher;
	state: SandboxState;
	/** Timers (auto-completion of delayed orders) to cancel when the context is dropped. */
	timers: Set<NodeJS.Timeout>;
	initialTokens: Record<TokenType, IssuedTokens>;
}

export type { AuthenticatedCaller };

/** What a reset answers: the fresh token pair of each client. */
export interface ResetResult {
	user: IssuedTokens;
	company: IssuedTokens;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function createContext(config: SandboxConfig): SandboxContext {
	const clock = new SandboxClock();
	const tokens = new TokenStore(config, clock);
	const initialTokens = {
		user: tokens.issue('user', { refreshToken: config.clients.user.refreshToken }),
		company: tokens.issue('company', { refreshToken: config.clients.company.refreshToken }),
	};
	const context: SandboxContext = {
		config,
		clock,
		catalogue: buildCatalogue(config),
		tokens,
		rateLimiter: new OperationRateLimiter(config, clock),
		faults: new FaultStore(),
		webhooks: new WebhookDispatcher(config, clock),
		state: {
			orders: [],
			nextOrderId: config.firstOrderId,
			balance: config.balance.value,
			payments: [],
			nextInvoice: 1,
			points: [],
			nextPointsId: 5758001,
			campaigns: seedCampaigns(config.campaignCount, clock.now()),
			linkBatches: [],
			requests: [],
			nextRequestId: 1,
			ordersInFlight: { now: {}, peak: 0, peakPerPoNumber: {} },
		},
		timers: new Set(),
		initialTokens,
	};
	seedFunding(context);
	return context;
}

export function disposeContext(context: SandboxContext): void {
	for (const timer of context.timers) clearTimeout(timer);
	context.timers.clear();
}

export function roundMoney(value: number): number {
	return Math.round(value * 100) / 100;
}

/** Appends a ledger row and moves the balance by `adjustment` (negative for orders). */
export function recordPayment(
	context: SandboxContext,
	entry: {
		reason: string;
		adjustment: number;
		referenceId: string;
		status?: 'Complete' | 'Cancelled';
		at?: number;
	},
): PaymentRow {
	const state = context.state;
	state.balance = roundMoney(state.balance + entry.adjustment);
	const at = entry.at ?? context.clock.now();
	const row: PaymentRow = {
		invoice_number: `SBX-INV-${String(state.nextInvoice++).padStart(6, '0')}`,
		reference_id: entry.referenceId,
		date: formatIstDateTime(at),
		reason: entry.reason,
		adjusted_amount: roundMoney(Math.abs(entry.adjustment)),
		closing_balance: state.balance,
		transaction_status: entry.status ?? 'Complete',
		at,
	};
	state.payments.push(row);
	return row;
}

/** Two "Funds added" rows in the past that add up to the configured balance. */
function seedFunding(context: SandboxContext): void {
	const total = context.config.balance.value;
	const now = context.clock.now();
	context.state.balance = 0;
	const first = roundMoney(total * 0.6);
	recordPayment(context, {
		reason: 'Funds added',
		adjustment: first,
		referenceId: 'TOPUP-1',
		at: now - 30 * DAY_MS,
	});
	recordPayment(context, {
		reason: 'Funds added',
		adjustment: roundMoney(total - first),
		referenceId: 'TOPUP-2',
		at: now - 10 * DAY_MS,
	});
}

const CAMPAIGN_COUNTRIES = [
	{ countryName: 'USA', currencyCode: 'USD' },
	{ countryName: 'India', currencyCode: 'INR' },
	{ countryName: 'UK', currencyCode: 'GBP' },
];

function seedCampaigns(count: number, now: number): Campaign[] {
	const campaigns: Campaign[] = [];
	for (let index = 0; index < count; index++) {
		const country = CAMPAIGN_COUNTRIES[index % CAMPAIGN_COUNTRIES.length];
		campaigns.push({
			campaignId: 5001 + index,
			campaignName: `${['Spot Award', 'Holiday Gift', 'Survey Thanks', 'Referral Bonus', 'Onboarding Welcome'][index % 5]} ${index + 1}`,
			denomination_value: String([10, 25, 50, 100][index % 4]),
			countryName: country.countryName,
			currencyCode: country.currencyCode,
			created_date: formatIstDateTime(now - (count - index) * DAY_MS),
			product_count: 3 + (index % 7),
			// Every 6th campaign is disabled so the `enabled` filter and the disabled path are testable.
			status: index % 6 === 5 ? 'disabled' : 'enabled',
			vouchers: [
				{
					name: 'Amazon USA eGift Voucher',
					image: 'https://res.cloudinary.com/dyyjph6kx/image/upload/gift_vouchers/amazon.jpg',
				},
				{
					name: 'Starbucks USA eGift Card',
					image: 'https://res.cloudinary.com/dyyjph6kx/image/upload/gift_vouchers/starbucks.jpg',
				},
			],
		});
	}
	return campaigns;
}
