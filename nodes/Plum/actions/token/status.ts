import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { toEpochMs } from '../../../../credentials/plumToken';
import { CREDENTIAL_TYPE, plumRequest } from '../../transport';

const DAY_MS = 86_400_000;

function iso(ms: number | undefined): string | null {
	return ms === undefined ? null : new Date(ms).toISOString();
}

function daysLeft(ms: number | undefined, now: number): number | null {
	return ms === undefined ? null : Math.floor(((ms - now) / DAY_MS) * 10) / 10;
}

/**
 * Validates the access token with Plum (GET /v1/oauth/token, which refreshes first when the token
 * is due or when `tokenIssuedAfter` asks for a newer one) and reports both tokens' lifetimes.
 * Tokens themselves never appear in the output.
 */
export async function validateAndDescribeTokens(
	this: IExecuteFunctions,
	itemIndex: number,
	tokenIssuedAfter?: number,
): Promise<IDataObject> {
	const validation = ((await plumRequest.call(this, {
		method: 'GET',
		path: '/v1/oauth/token',
		retryable: true,
		tokenIssuedAfter,
		itemIndex,
	})) ?? {}) as IDataObject;
	// Read after the call: the credential may have been refreshed by it.
	const credentials = await this.getCredentials(CREDENTIAL_TYPE, itemIndex);
	const now = Date.now();
	const accessExpiry = toEpochMs(validation.access_token_expiry) ?? toEpochMs(credentials.accessExpiresAt);
	const refreshExpiry =
		toEpochMs(validation.refresh_token_expiry) ?? toEpochMs(credentials.refreshExpiresAt);
	const issuedAt = toEpochMs(credentials.accessIssuedAt);
	const maxAgeDays = Number(credentials.refreshAfterDays ?? 7) || 7;
	return {
		valid: true,
		tokenType: credentials.tokenType === 'company' ? 'company' : 'user',
		environment: credentials.environment ?? 'production',
		accessTokenIssuedAt: iso(issuedAt),
		accessTokenExpiresAt: iso(accessExpiry),
		accessTokenDaysLeft: daysLeft(accessExpiry, now),
		refreshTokenExpiresAt: iso(refreshExpiry),
		refreshTokenDaysLeft: daysLeft(refreshExpiry, now),
		nextAutomaticRefreshAt: iso(issuedAt === undefined ? undefined : issuedAt + maxAgeDays * DAY_MS),
	};
}
