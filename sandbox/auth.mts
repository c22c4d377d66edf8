import { randomBytes } from 'node:crypto';
import type { ClientConfig, SandboxConfig, TokenType } from './config.mts';
import type { SandboxClock } from './clock.mts';
import { invalidTokenError, missingAuthHeaderError, oauthError, refreshLimitError } from './errors.mts';
import { SlidingWindow } from './rateLimit.mts';

interface RefreshTokenRecord {
	token: string;
	type: TokenType;
	clientId: string;
	expiresAt: number;
	/** Set when rotated or replaced; the token is dead from this instant on. */
	diesAt?: number;
	rotatedAt?: number;
}

interface AccessTokenRecord {
	token: string;
	type: TokenType;
	clientId: string;
	expiresAt: number;
	refreshTokenExpiry: number;
	revoked: boolean;
}

export interface IssuedTokens {
	type: TokenType;
	clientId: string;
	clientSecret: string;
	accessToken: string;
	refreshToken: string;
	accessTokenExpiry: number;
	refreshTokenExpiry: number;
}

export interface TokenStateView {
	now: number;
	clients: Record<
		TokenType,
		{
			clientId: string;
			currentRefreshToken: string | null;
			refreshCount: number;
			liveRefreshTokens: Array<{
				token: string;
				expiresAt: number;
				diesAt: number | null;
				current: boolean;
			}>;
			liveAccessTokens: number;
		}
	>;
}

export interface AuthenticatedCaller {
	type: TokenType;
	clientId: string;
	accessToken: string;
}

const randomToken = (): string => randomBytes(36).toString('base64url');

function isNonEmptyString(value: unknown): value is string {
	return typeof value === 'string' && value.length > 0;
}

/** OAuth side of the sandbox: clients, refresh-token rotation, access-token validation. */
export class TokenStore {
	private refreshTokens = new Map<string, RefreshTokenRecord>();
	private accessTokens = new Map<string, AccessTokenRecord>();
	private currentRefresh: Record<TokenType, string | null> = { user: null, company: null };
	private refreshCounts: Record<TokenType, number> = { user: 0, company: 0 };
	private refreshWindows: Record<TokenType, SlidingWindow> = {
		user: new SlidingWindow(),
		company: new SlidingWindow(),
	};

	constructor(
		private readonly config: SandboxConfig,
		private readonly clock: SandboxClock,
	) {}

	private client(type: TokenType): ClientConfig {
		return this.config.clients[type];
	}

	/** Mints a fresh pair, as the dashboard's "Generate New Tokens" does; earlier refresh tokens of the client die. */
	issue(
		type: TokenType,
		options: { refreshToken?: string; revokeAccessTokens?: boolean } = {},
	): IssuedTokens {
		const now = this.clock.now();
		for (const record of this.refreshTokens.values()) {
			if (record.type === type && record.diesAt === undefined) record.diesAt = now;
		}
		if (options.revokeAccessTokens) {
			for (const record of this.accessTokens.values())
				if (record.type === type) record.revoked = true;
		}
		return this.mintPair(type, options.refreshToken);
	}

	private mintPair(type: TokenType, refreshTokenValue?: string): IssuedTokens {
		const now = this.clock.now();
		const lifetime = this.config.tokenLifetimes[type];
		const client = this.client(type);
		const refresh: RefreshTokenRecord = {
			token: refreshTokenValue ?? randomToken(),
			type,
			clientId: client.clientId,
			expiresAt: now + lifetime.refreshSeconds * 1000,
		};
		const access: AccessTokenRecord = {
			token: randomToken(),
			type,
			clientId: client.clientId,
			expiresAt: now + lifetime.accessSeconds * 1000,
			refreshTokenExpiry: refresh.expiresAt,
			revoked: false,
		};
		this.refreshTokens.set(refresh.token, refresh);
		this.accessTokens.set(access.token, access);
		this.currentRefresh[type] = refresh.token;
		return {
			type,
			clientId: client.clientId,
			clientSecret: client.clientSecret,
			accessToken: access.token,
			refreshToken: refresh.token,
			accessTokenExpiry: access.expiresAt,
			refreshTokenExpiry: refresh.expiresAt,
		};
	}

	/**
	 * POST /v1/oauth/token/{user|company} with grant_type refresh_token (plum-api.md §2.3).
	 * Returns the response body in the configured style.
	 */
	refresh(
		pathType: TokenType,
		contentType: string | undefined,
		body: unknown,
	): Record<string, unknown> {
		const isJson = (contentType ?? '').toLowerCase().includes('application/json');
		if (!isJson || typeof body !== 'object' || body === null || Array.isArray(body)) {
			throw oauthError(
				400,
				'invalid_request',
				'missing/invalid parameters: a JSON body is required (Content-Type: application/json)',
			);
		}
		const fields = body as Record<string, unknown>;
		const required = ['grant_type', 'refresh_token', 'client_id', 'client_secret'];
		const missing = required.filter((name) => !isNonEmptyString(fields[name]));
		if (missing.length > 0) {
			throw oauthError(400, 'invalid_request', `missing/invalid parameters ${missing.join(', ')}`);
		}
		if (fields.grant_type !== 'refresh_token') {
			throw oauthError(
				400,
				'unsupported_grant_type',
				`grant_type "${String(fields.grant_type)}" is not supported here; use refresh_token`,
			);
		}
		const callerType = (['user', 'company'] as const).find(
			(type) =>
				this.client(type).clientId === fields.client_id &&
				this.client(type).clientSecret === fields.client_secret,
		);
		if (!callerType) throw oauthError(401, 'invalid_client', 'invalid client_id or client_secret');

		if (
			!this.refreshWindows[callerType].tryHit(
				this.clock.now(),
				60_000,
				this.config.refreshLimitPerMinute,
			)
		) {
			throw refreshLimitError();
		}

		const now = this.clock.now();
		const record = this.refreshTokens.get(fields.refresh_token as string);
		// A token of the other type (user token on /token/company and vice versa) is as unknown as a bad one.
		const usable =
			record !== undefined &&
			record.type === pathType &&
			record.type === callerType &&
			record.expiresAt > now &&
			(record.diesAt === undefined || record.diesAt > now);
		if (!usable) throw oauthError(400, 'invalid_grant', 'invalid/expired refresh token');

		// Rotation: the old refresh token dies now, or after the configured grace (plum-api.md §2.3 ❓).
		// The old access token is left alone: it lives to its own expiry (plum-api.md §2.3, HP/SRV token-management-2).
		if (record.diesAt === undefined) {
			record.rotatedAt = now;
			record.diesAt = Math.min(
				record.expiresAt,
				now + this.config.oldRefreshTokenGraceSeconds * 1000,
			);
		}
		this.refreshCounts[pathType] += 1;
		const pair = this.mintPair(pathType);
		return this.formatTokenResponse(pair);
	}

	private formatTokenResponse(pair: IssuedTokens): Record<string, unknown> {
		const expiresIn = this.config.tokenLifetimes[pair.type].accessSeconds;
		switch (this.config.tokenResponseStyle) {
			case 'bare':
				// Exactly the PHP fixture accessTokenResponse.json: expires_in a string, no *_expiry fields.
				return {
					access_token: pair.accessToken,
					token_type: 'bearer',
					expires_in: String(expiresIn),
					refresh_token: pair.refreshToken,
				};
			case 'strings':
				return {
					access_token: pair.accessToken,
					token_type: 'bearer',
					expires_in: String(expiresIn),
					refresh_token: pair.refreshToken,
					access_token_expiry: String(pair.accessTokenExpiry),
					refresh_token_expiry: String(pair.refreshTokenExpiry),
				};
			case 'numbers':
				return {
					access_token: pair.accessToken,
					token_type: 'bearer',
					expires_in: expiresIn,
					refresh_token: pair.refreshToken,
					access_token_expiry: pair.accessTokenExpiry,
					refresh_token_expiry: pair.refreshTokenExpiry,
				};
		}
	}

	/** Resolves `Authorization: Bearer …` to a live access token or throws the OAuth 401 body. */
	authenticate(
		authorizationHeader: string | undefined,
	): AuthenticatedCaller & { record: AccessTokenRecord } {
		const match = /^Bearer\s+(\S+)\s*$/i.exec(authorizationHeader ?? '');
		if (!match) throw missingAuthHeaderError();
		const record = this.accessTokens.get(match[1]);
		if (!record || record.revoked || record.expiresAt <= this.clock.now())
			throw invalidTokenError();
		return { type: record.type, clientId: record.clientId, accessToken: record.token, record };
	}

	/** Like authenticate, and also demands the token type the API family needs (plum-api.md §2.1). */
	authorize(authorizationHeader: string | undefined, requiredType: TokenType): AuthenticatedCaller {
		const caller = this.authenticate(authorizationHeader);
		if (caller.type !== requiredType) {
			throw invalidTokenError(
				`This API needs a ${requiredType} token; a ${caller.type} token was sent`,
			);
		}
		return { type: caller.type, clientId: caller.clientId, accessToken: caller.accessToken };
	}

	/** GET /v1/oauth/token (plum-api.md §2.5); expires_in is the seconds left. */
	validate(authorizationHeader: string | undefined): Record<string, unknown> {
		const { record } = this.authenticate(authorizationHeader);
		return {
			access_token: record.token,
			token_type: 'bearer',
			expires_in: Math.max(0, Math.floor((record.expiresAt - this.clock.now()) / 1000)),
			access_token_expiry: record.expiresAt,
			refresh_token_expiry: record.refreshTokenExpiry,
		};
	}

	view(): TokenStateView {
		const now = this.clock.now();
		const clientView = (type: TokenType): TokenStateView['clients'][TokenType] => ({
			clientId: this.client(type).clientId,
			currentRefreshToken: this.currentRefresh[type],
			refreshCount: this.refreshCounts[type],
			liveRefreshTokens: [...this.refreshTokens.values()]
				.filter(
					(r) => r.type === type && r.expiresAt > now && (r.diesAt === undefined || r.diesAt > now),
				)
				.map((r) => ({
					token: r.token,
					expiresAt: r.expiresAt,
					diesAt: r.diesAt ?? null,
					current: r.token === this.currentRefresh[type],
				})),
			liveAccessTokens: [...this.accessTokens.values()].filter(
				(a) => a.type === type && !a.revoked && a.expiresAt > now,
			).length,
		});
		return { now, clients: { user: clientView('user'), company: clientView('company') } };
	}
}
