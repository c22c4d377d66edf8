import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

export type TokenType = 'user' | 'company';

export interface ClientConfig {
	clientId: string;
	clientSecret: string;
	/** Initial refresh token after a reset; random when absent (the CLI pins one so restarts keep it). */
	refreshToken?: string;
}

export interface TokenLifetime {
	accessSeconds: number;
	refreshSeconds: number;
}

export interface WebhookConfig {
	url?: string;
	apiKey?: string;
	/** Delayed orders complete by themselves this long (real time, or sandbox clock) after they are placed. */
	autoCompleteDelayedAfterMs?: number;
	/** 'lower' sends "delivered"; 'title' sends "Delivered" (plum-api.md §8: both spellings are documented). */
	statusCase: 'lower' | 'title';
	retryDelayMs: number;
	/** Retries after the first failed POST before the webhook is disabled (plum-api.md §8: 3). */
	maxRetries: number;
	timeoutMs: number;
}

export type PaymentEnvelope = 'any' | 'dataData' | 'data' | 'variablesData';

export interface SandboxConfig {
	clients: { user: ClientConfig; company: ClientConfig };
	tokenLifetimes: { user: TokenLifetime; company: TokenLifetime };
	tokenResponseStyle: 'numbers' | 'strings' | 'bare';
	/** 0 = a rotated refresh token dies at once (HP spec); >0 = it lives this much longer (HP token-management-2 says 6 h). */
	oldRefreshTokenGraceSeconds: number;
	refreshLimitPerMinute: number;
	balance: { value: number; currency: string; points: number };
	/** Generated products added after the fixture and seeded ones. */
	catalogueSize: number;
	/** Directory of the captured Plum bodies; null disables them (built-in catalogue only). */
	fixturesDir: string | null;
	defaultQuantityLimit: number;
	firstOrderId: number;
	rateLimitsEnabled: boolean;
	rateLimits: Record<string, number>;
	/** The window the limits count calls in: Plum's minute (tests shorten it to check pacing in seconds). */
	rateLimitWindowMs: number;
	penaltySeconds: number;
	paymentEnvelope: PaymentEnvelope;
	paymentResponseKey: 'paymentHistory' | 'getPaymentReport';
	/**
	 * What placeOrder and getOrderDetails answer with: `live`, exactly the keys the live API sent
	 * (test/fixtures/plum-responses: no voucherDetails, quantity, poNumber or dates), or `documented`,
	 * everything docs/plum-api.md §4.4 and §4.5 list.
	 */
	orderAnswers: 'live' | 'documented';
	pointsBatchLimit: number;
	campaignCount: number;
	webhook: WebhookConfig;
	/** Oldest recorded requests are dropped past this many. */
	maxRecordedRequests: number;
}

/** Deep-partial view used for overrides: nested objects may be given in part; arrays replace. */
export type DeepPartial<T> = T extends readonly unknown[]
	? T
	: T extends object
		? { [K in keyof T]?: DeepPartial<T[K]> }
		: T;
export type ConfigOverrides = DeepPartial<SandboxConfig>;

const DAY = 24 * 60 * 60;

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function defaultConfig(): SandboxConfig {
	return {
		clients: {
			user: { clientId: 'sandbox-user-client', clientSecret: 'sandbox-user-secret' },
			company: { clientId: 'sandbox-company-client', clientSecret: 'sandbox-company-secret' },
		},
		// plum-api.md §2.4: Rewards API / Links 15 d + 30 d; Storefront / Points 30 d + 60 d.
		tokenLifetimes: {
			user: { accessSeconds: 15 * DAY, refreshSeconds: 30 * DAY },
			company: { accessSeconds: 30 * DAY, refreshSeconds: 60 * DAY },
		},
		tokenResponseStyle: 'numbers',
		oldRefreshTokenGraceSeconds: 0,
		refreshLimitPerMinute: 10,
		balance: { value: 50000, currency: 'USD', points: 9944 },
		catalogueSize: 120,
		fixturesDir: path.resolve(repoRoot, 'test/fixtures/plum-responses'),
		defaultQuantityLimit: 10,
		firstOrderId: 7000001,
		rateLimitsEnabled: true,
		// plum-api.md §7, HP/SRV rate-limiting (Jan 2026), per minute.
		rateLimits: {
			getOrderDetails: 200,
			getVouchers: 50,
			getBalance: 10,
			placeOrder: 100,
			getOrderHistory: 200,
			getFilters: 50,
		},
		rateLimitWindowMs: 60_000,
		penaltySeconds: 60,
		paymentEnvelope: 'any',
		paymentResponseKey: 'paymentHistory',
		orderAnswers: 'live',
		pointsBatchLimit: 50,
		campaignCount: 25,
		webhook: { statusCase: 'lower', retryDelayMs: 200, maxRetries: 3, timeoutMs: 5000 },
		maxRecordedRequests: 50000,
	};
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges overrides onto a base, recursing into plain objects; arrays and scalars replace. */
export function mergeConfig(
	base: SandboxConfig,
	...overrides: Array<ConfigOverrides | undefined>
): SandboxConfig {
	let result: Record<string, unknown> = structuredClone(base) as unknown as Record<string, unknown>;
	for (const override of overrides) {
		if (override) result = deepMerge(result, override as Record<string, unknown>);
	}
	return result as unknown as SandboxConfig;
}

function deepMerge(
	base: Record<string, unknown>,
	override: Record<string, unknown>,
): Record<string, unknown> {
	const out: Record<string, unknown> = { ...base };
	for (const [key, value] of Object.entries(override)) {
		if (value === undefined) continue;
		const current = out[key];
		out[key] =
			isPlainObject(current) && isPlainObject(value)
				? deepMerge(current, value)
				: structuredClone(value);
	}
	return out;
}
