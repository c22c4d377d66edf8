import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { createHash } from 'node:crypto';

import { plumBodyObject, rateLimitPenalty } from './plumWire';

export const PLUM_BASE_URLS = {
	production: 'https://accounts.xoxoday.com/chef',
	staging: 'https://stagingstores.xoxoday.com/chef',
} as const;

const PLUM_DASHBOARD_TOKEN_HINT =
	'Generate new tokens in the Plum dashboard (Settings → API, "Generate New Tokens" on the Reward API tab, or the Storefront Integration tab for company tokens) and paste the new refresh token into this credential.';

/**
 * A request header that asks `authenticate` for an access token issued at or after the given
 * epoch ms. The transport sets it to force a refresh (operation token.refresh); `authenticate`
 * strips it before the request leaves n8n.
 */
export const TOKEN_ISSUED_AFTER_HEADER = 'x-plum-token-issued-after';

/**
 * A request header that tells `authenticate` not to refresh (webhook replies cannot wait for it):
 * a token past its refresh age but still valid is sent as it is; an expired one fails at once.
 */
export const NO_REFRESH_HEADER = 'x-plum-no-refresh';

/** Whether the stored access token has expired (or is about to), so that sending it is pointless. */
export function accessTokenExpired(credentials: ICredentialDataDecryptedObject, now: number): boolean {
	const expiresAt = toNumber(credentials.accessExpiresAt);
	return !credentials.accessToken || expiresAt === undefined || expiresAt - now < EXPIRY_MARGIN_MS;
}

const DAY_MS = 86_400_000;

/** Lifetimes from docs/plum-api.md §2.4, used when Plum sends no expiry fields. */
const LIFETIME_DAYS = {
	user: { access: 15, refresh: 30 },
	company: { access: 30, refresh: 60 },
} as const;

/** The credential's default Refresh After (days). */
export const DEFAULT_REFRESH_AFTER_DAYS = 7;

/**
 * How far this process moves its refresh-by-age moment (up to 6 hours later): several n8n
 * processes sharing one credential (queue-mode workers) then do not all refresh it in the same
 * second with the same refresh token.
 */
const PROCESS_SPREAD_MS = Math.floor(Math.random() * 6 * 60 * 60 * 1000);

/** A token this close to its expiry is refreshed before use rather than sent. */
const EXPIRY_MARGIN_MS = 60 * 60 * 1000;

export type PlumTokenType = 'user' | 'company';

export function plumBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const environment = String(credentials.environment ?? 'production');
	const url =
		environment === 'custom'
			? String(credentials.baseUrl ?? '')
			: PLUM_BASE_URLS[environment as keyof typeof PLUM_BASE_URLS] ?? PLUM_BASE_URLS.production;
	return url.trim().replace(/\/+$/, '');
}

function toNumber(value: unknown): number | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	const number = Number(value);
	return Number.isFinite(number) ? number : undefined;
}

/**
 * Plum sends epoch milliseconds, as a number or a string (docs/plum-api.md §2.3). Values small enough to
 * be epoch seconds are read as seconds.
 */
function toEpochMs(value: unknown): number | undefined {
	const number = toNumber(value);
	if (number === undefined || number <= 0) return undefined;
	return number < 1e11 ? number * 1000 : number;
}

/**
 * `expires_in` is documented both as seconds (1296000) and as "an epoch" (docs/plum-api.md §2.3, §2.5).
 * We read it as seconds from now unless it is large enough to be an epoch timestamp.
 */
function expiresInToEpochMs(value: unknown, now: number): number | undefined {
	const number = toNumber(value);
	if (number === undefined || number <= 0) return undefined;
	if (number > 1e9) return toEpochMs(number);
	return now + number * 1000;
}

/** Turns Plum's refresh response into the credential fields n8n persists. */
export function parsePlumTokenResponse(
	body: unknown,
	tokenType: PlumTokenType,
	now: number,
): IDataObject {
	const parsed = plumBodyObject(body);
	// Some gateways wrap the token in `data`; take it from there rather than fail.
	const data = typeof parsed?.access_token === 'string' ? parsed : ((parsed?.data ?? parsed) as IDataObject | undefined);
	const accessToken = data?.access_token;
	const refreshToken = data?.refresh_token;
	if (typeof accessToken !== 'string' || accessToken === '') {
		throw new Error(
			`Plum's token response has no access_token (got: ${describeBody(parsed ?? body)}). ${PLUM_DASHBOARD_TOKEN_HINT}`,
		);
	}
	const lifetime = LIFETIME_DAYS[tokenType];
	// An expiry in the past (or read wrongly from an odd format) would make every use refresh again.
	const future = (value: number | undefined) => (value !== undefined && value > now + EXPIRY_MARGIN_MS ? value : undefined);
	const accessExpiry =
		future(toEpochMs(data?.access_token_expiry)) ??
		future(expiresInToEpochMs(data?.expires_in, now)) ??
		now + lifetime.access * DAY_MS;
	const refreshExpiry = future(toEpochMs(data?.refresh_token_expiry)) ?? now + lifetime.refresh * DAY_MS;
	const fields: IDataObject = {
		accessToken,
		accessIssuedAt: String(now),
		accessExpiresAt: String(accessExpiry),
		refreshExpiresAt: String(refreshExpiry),
	};
	// Plum rotates the refresh token on every refresh; a response without one keeps the old one.
	if (typeof refreshToken === 'string' && refreshToken !== '') fields.refreshToken = refreshToken;
	return fields;
}

/** When the stored access token reaches the credential's Refresh After age (epoch ms), if it has an issue time. */
function refreshByAgeAt(credentials: ICredentialDataDecryptedObject): number | undefined {
	const issuedAt = toNumber(credentials.accessIssuedAt);
	if (issuedAt === undefined) return undefined;
	const maxAgeDays = toNumber(credentials.refreshAfterDays) ?? DEFAULT_REFRESH_AFTER_DAYS;
	return issuedAt + maxAgeDays * DAY_MS;
}

/**
 * Whether the stored access token must be refreshed before it is sent: it is missing, older than
 * the credential's `refreshAfterDays`, issued before `issuedAfter`, or about to expire.
 */
export function tokenRefreshDue(
	credentials: ICredentialDataDecryptedObject,
	now: number,
	issuedAfter = 0,
): boolean {
	if (!credentials.accessToken) return true;
	const issuedAt = toNumber(credentials.accessIssuedAt);
	const refreshAt = refreshByAgeAt(credentials);
	if (issuedAt === undefined || refreshAt === undefined) return true;
	if (now >= refreshAt + PROCESS_SPREAD_MS) return true;
	if (issuedAt < issuedAfter) return true;
	return toNumber(credentials.accessExpiresAt) !== undefined && accessTokenExpired(credentials, now);
}

/** What Plum's token validation says of the expiries (GET /v1/oauth/token, docs/plum-api.md §2.5). */
export interface PlumTokenValidation {
	access_token_expiry?: unknown;
	refresh_token_expiry?: unknown;
}

function iso(ms: number | undefined): string | null {
	return ms === undefined ? null : new Date(ms).toISOString();
}

function daysLeft(ms: number | undefined, now: number): number | null {
	return ms === undefined ? null : Math.floor(((ms - now) / DAY_MS) * 10) / 10;
}

/**
 * Both tokens' lifetimes, from Plum's validation where it says, else from the credential's own
 * record, and when the next automatic refresh happens. Tokens themselves never appear.
 */
export function describeTokenLifetimes(
	credentials: ICredentialDataDecryptedObject,
	validation: PlumTokenValidation,
	now: number,
): IDataObject {
	const accessExpiry = toEpochMs(validation.access_token_expiry) ?? toEpochMs(credentials.accessExpiresAt);
	const refreshExpiry = toEpochMs(validation.refresh_token_expiry) ?? toEpochMs(credentials.refreshExpiresAt);
	return {
		valid: true,
		tokenType: credentials.tokenType === 'company' ? 'company' : 'user',
		environment: credentials.environment ?? 'production',
		accessTokenIssuedAt: iso(toEpochMs(credentials.accessIssuedAt)),
		accessTokenExpiresAt: iso(accessExpiry),
		accessTokenDaysLeft: daysLeft(accessExpiry, now),
		refreshTokenExpiresAt: iso(refreshExpiry),
		refreshTokenDaysLeft: daysLeft(refreshExpiry, now),
		nextAutomaticRefreshAt: iso(refreshByAgeAt(credentials)),
	};
}

/**
 * Thrown by `authenticate` when the stored token is due for a refresh. n8n's
 * httpRequestWithAuthentication treats an error whose `response.status` is 401 like Plum's own 401:
 * it calls preAuthentication (which refreshes and persists the rotated pair), authenticates again
 * and sends the request once. So an aged token is refreshed on use without a wasted call to Plum.
 */
export class TokenRefreshRequired extends Error {
	readonly response = { status: 401, data: { error: 'token_refresh_required' } };

	constructor() {
		super('The Plum access token is due for a refresh');
		this.name = 'TokenRefreshRequired';
	}
}

/** Plum's body for an error message, with anything that looks like a token or secret blanked. */
function describeBody(body: unknown): string {
	if (body === undefined || body === null || body === '') return 'an empty body';
	const text =
		typeof body === 'string'
			? body
			: JSON.stringify(body, (key, value: unknown) => (/token|secret|password/i.test(key) && typeof value === 'string' ? '[hidden]' : value));
	return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * Refresh tokens this process has already rotated away (as hashes, never the tokens). A stored
 * credential that still holds one of them did not take the rotated token: n8n skips fields stored
 * as an expression (external secrets), and a failed save loses it. Such a credential dies at its
 * next refresh.
 */
const rotatedAway = new Set<string>();
const MAX_ROTATED_AWAY = 1000;

function tokenHash(token: unknown): string {
	return createHash('sha256').update(String(token)).digest('base64');
}

export function recordRotation(oldRefreshToken: unknown, newRefreshToken: unknown): void {
	if (!oldRefreshToken || !newRefreshToken || oldRefreshToken === newRefreshToken) return;
	if (rotatedAway.size >= MAX_ROTATED_AWAY) rotatedAway.delete(rotatedAway.values().next().value as string);
	rotatedAway.add(tokenHash(oldRefreshToken));
}

export function wasRotatedAway(refreshToken: unknown): boolean {
	return Boolean(refreshToken) && rotatedAway.has(tokenHash(refreshToken));
}

/** What to tell a user whose stored credential did not take the rotated refresh token. */
export const ROTATION_NOT_STORED =
	'n8n did not store the refresh token Plum rotated into, so the stored one is already used up. This happens when the Refresh Token field holds an expression (for example an external secret: n8n never overwrites those) or when saving the credential failed. Put the refresh token into the field as a plain value, or generate new tokens in the Plum dashboard and paste them again.';

/** How a refused refresh begins its message, so that the node can tell it from other failures. */
export const REFRESH_REFUSED = 'Plum did not accept the refresh token';

/** An actionable message for a failed refresh, quoting Plum's own error. */
export function refreshFailureMessage(
	status: number,
	rawBody: unknown,
	tokenType: PlumTokenType,
): string {
	const fields = plumBodyObject(rawBody);
	const quoted = `Plum answered ${status}: ${describeBody(fields ?? rawBody)}`;
	const penalty = rateLimitPenalty(status, fields);
	if (penalty !== undefined) {
		return `Plum refused to refresh the token because it was refreshed too often (auth.request_limit_exceeded). Retry in ${penalty} seconds; the stored tokens are unchanged. ${quoted}`;
	}
	const code = String(fields?.error ?? fields?.error_message_id ?? '');
	if (code === 'invalid_client' || /client/i.test(String(fields?.error_description ?? ''))) {
		return `Plum rejected the client ID or client secret. Copy both again from the Plum dashboard (Settings → API). ${quoted}`;
	}
	const other = tokenType === 'user' ? 'company' : 'user';
	return `${REFRESH_REFUSED}: it has expired (refresh tokens last 30 days, 60 for company tokens), was already used, or was revoked. ${PLUM_DASHBOARD_TOKEN_HINT} If the token comes from the ${
		tokenType === 'user' ? 'Storefront Integration' : 'Reward API'
	} tab, set Token Type to "${other}" instead. ${quoted}`;
}
