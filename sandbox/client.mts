/** A typed axios client for the sandbox's /__admin routes, for tests and benchmarks. */
import axios, { type AxiosInstance } from 'axios';
import type { ConfigOverrides, SandboxConfig, TokenType } from './config.mts';
import type { IssuedTokens, TokenStateView } from './auth.mts';
import type { ActiveFault, FaultSpec } from './faults.mts';
import type { LinkBatch, OrdersInFlight, PointsGrant, RecordedRequest, ResetResult, StoredOrder } from './state.mts';
import type { RateLimitReport } from './rateLimit.mts';
import type { Product } from './catalogue.mts';
import type { SendOnceRequest, SendOnceResult, WebhookView } from './webhooks.mts';
import type { LifecycleResult } from './ops/orderLifecycle.mts';

export type {
	ConfigOverrides,
	SandboxConfig,
	TokenType,
	IssuedTokens,
	TokenStateView,
	ActiveFault,
	FaultSpec,
};
export type {
	ResetResult,
	LinkBatch,
	PointsGrant,
	RecordedRequest,
	StoredOrder,
	SendOnceRequest,
	SendOnceResult,
	WebhookView,
	LifecycleResult,
	OrdersInFlight,
	RateLimitReport,
	Product,
};

/**
 * The data of an n8n "Plum OAuth2 API" credential for tokens the sandbox issued, with an empty
 * access token so that the credential refreshes on first use, as with tokens from the dashboard.
 */
export function plumCredentialData(baseUrl: string, tokens: IssuedTokens, overrides: Record<string, unknown> = {}) {
	return {
		environment: 'custom',
		baseUrl,
		tokenType: tokens.type,
		clientId: tokens.clientId,
		clientSecret: tokens.clientSecret,
		refreshToken: tokens.refreshToken,
		refreshAfterDays: 7,
		accessToken: '',
		accessIssuedAt: '',
		accessExpiresAt: '',
		refreshExpiresAt: '',
		...overrides,
	};
}

export class SandboxAdmin {
	private readonly http: AxiosInstance;

	/** @param url the sandbox root, e.g. http://127.0.0.1:4010 (SandboxHandle.url) */
	constructor(url: string) {
		this.http = axios.create({ baseURL: `${url.replace(/\/$/, '')}/__admin` });
	}

	private async get<T>(path: string, params?: Record<string, string>): Promise<T> {
		return (await this.http.get<T>(path, { params })).data;
	}

	private async post<T>(path: string, body: unknown = {}): Promise<T> {
		return (await this.http.post<T>(path, body)).data;
	}

	private async delete<T>(path: string): Promise<T> {
		return (await this.http.delete<T>(path)).data;
	}

	reset(config?: ConfigOverrides): Promise<ResetResult> {
		return this.post('/reset', config === undefined ? {} : { config });
	}

	config(): Promise<SandboxConfig> {
		return this.get('/config');
	}

	requests(): Promise<RecordedRequest[]> {
		return this.get('/requests');
	}

	clearRequests(): Promise<{ cleared: true }> {
		return this.delete('/requests');
	}

	orders(poNumber?: string): Promise<StoredOrder[]> {
		return this.get('/orders', poNumber === undefined ? undefined : { poNumber });
	}

	order(orderId: number): Promise<StoredOrder> {
		return this.get(`/orders/${orderId}`);
	}

	/** Delivers a pending order (adding vouchers) and posts the webhook; resolves after the delivery attempts. */
	completeOrder(orderId: number): Promise<LifecycleResult> {
		return this.post(`/orders/${orderId}/complete`);
	}

	cancelOrder(orderId: number): Promise<LifecycleResult> {
		return this.post(`/orders/${orderId}/cancel`);
	}

	/** Per operation: its limit, the most calls that arrived within one window (`rateLimitWindowMs`), the 429s. */
	rateLimits(): Promise<Record<string, RateLimitReport>> {
		return this.get('/rate-limits');
	}

	/** The most placeOrder calls handled at once, overall and per poNumber. */
	ordersInFlight(): Promise<OrdersInFlight> {
		return this.get('/orders-in-flight');
	}

	/** Changes catalogue fields of a product (e.g. valueDenominations); a reset restores it. */
	updateProduct(productId: number, changes: Partial<Product>): Promise<Product> {
		return this.http.patch<Product>(`/products/${productId}`, changes).then((response) => response.data);
	}

	/** Takes a product out of the catalogue; a reset restores it. */
	removeProduct(productId: number): Promise<{ removed: number }> {
		return this.delete(`/products/${productId}`);
	}

	faults(): Promise<ActiveFault[]> {
		return this.get('/faults');
	}

	addFault(fault: FaultSpec): Promise<ActiveFault> {
		return this.post('/faults', fault);
	}

	clearFaults(): Promise<{ cleared: true }> {
		return this.delete('/faults');
	}

	clock(): Promise<{ now: number }> {
		return this.get('/clock');
	}

	advanceClock(seconds: number): Promise<{ now: number; completedOrders: number[] }> {
		return this.post('/clock/advance', { seconds });
	}

	tokens(): Promise<TokenStateView> {
		return this.get('/tokens');
	}

	issueTokens(
		type: TokenType,
		options: { revokeAccessTokens?: boolean } = {},
	): Promise<IssuedTokens> {
		return this.post('/tokens/issue', { type, ...options });
	}

	points(): Promise<PointsGrant[]> {
		return this.get('/points');
	}

	links(): Promise<LinkBatch[]> {
		return this.get('/links');
	}

	webhook(): Promise<WebhookView> {
		return this.get('/webhook');
	}

	enableWebhook(): Promise<WebhookView> {
		return this.post('/webhook/enable');
	}

	/** Posts any payload once (duplicate, forged key, malformed string) and returns the receiver's answer. */
	sendWebhook(request: SendOnceRequest = {}): Promise<SendOnceResult> {
		return this.post('/webhook/send', request);
	}
}
