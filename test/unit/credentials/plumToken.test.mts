import { describe, expect, it } from 'vitest';

import {
	parsePlumTokenResponse,
	plumBaseUrl,
	refreshFailureMessage,
	tokenRefreshDue,
} from '../../../credentials/plumToken';
import accessTokenFixture from '../../fixtures/plum-responses/accessTokenResponse.json';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 22);

describe('plumBaseUrl', () => {
	it('maps the environments and trims a custom URL', () => {
		expect(plumBaseUrl({ environment: 'production' })).toBe('https://accounts.xoxoday.com/chef');
		expect(plumBaseUrl({ environment: 'staging' })).toBe('https://stagingstores.xoxoday.com/chef');
		expect(plumBaseUrl({ environment: 'custom', baseUrl: ' http://127.0.0.1:4010/chef/ ' })).toBe(
			'http://127.0.0.1:4010/chef',
		);
	});
});

describe('parsePlumTokenResponse', () => {
	it('reads the live response with a string expires_in and no expiry fields', () => {
		const fields = parsePlumTokenResponse(accessTokenFixture, 'user', NOW);
		expect(fields).toEqual({
			accessToken: 'SOME-FAKE-ACCESS-TOKEN=',
			refreshToken: 'SOME-FAKE-REFRESH-TOKEN',
			accessIssuedAt: String(NOW),
			accessExpiresAt: String(NOW + 15 * DAY),
			refreshExpiresAt: String(NOW + 30 * DAY),
		});
	});

	it('takes *_expiry fields as numbers or strings, in ms or seconds', () => {
		const inMs = NOW + 3 * DAY;
		expect(
			parsePlumTokenResponse(
				{ access_token: 'a', refresh_token: 'r', expires_in: 1296000, access_token_expiry: String(inMs), refresh_token_expiry: inMs + DAY },
				'user',
				NOW,
			),
		).toMatchObject({ accessExpiresAt: String(inMs), refreshExpiresAt: String(inMs + DAY) });
		expect(
			parsePlumTokenResponse({ access_token: 'a', access_token_expiry: Math.floor(inMs / 1000) }, 'user', NOW),
		).toMatchObject({ accessExpiresAt: String(inMs) });
	});

	it('uses company lifetimes when Plum sends no expiry', () => {
		expect(parsePlumTokenResponse({ access_token: 'a', refresh_token: 'r' }, 'company', NOW)).toMatchObject({
			accessExpiresAt: String(NOW + 30 * DAY),
			refreshExpiresAt: String(NOW + 60 * DAY),
		});
	});

	it('ignores expiries already in the past and finds a token wrapped in data', () => {
		expect(parsePlumTokenResponse({ access_token: 'a', access_token_expiry: NOW - DAY, expires_in: 3 }, 'user', NOW)).toMatchObject({
			accessExpiresAt: String(NOW + 15 * DAY),
		});
		expect(parsePlumTokenResponse({ data: { access_token: 'a', refresh_token: 'r' } }, 'user', NOW)).toMatchObject({ accessToken: 'a', refreshToken: 'r' });
	});

	it('never quotes a token or secret in its errors', () => {
		expect(() => parsePlumTokenResponse({ result: { accessToken: 'SECRET-A', refresh_token: 'SECRET-R' } }, 'user', NOW)).toThrow(/\[hidden\]/);
		expect(() => parsePlumTokenResponse({ result: { accessToken: 'SECRET-A' } }, 'user', NOW)).not.toThrow(/SECRET/);
		expect(refreshFailureMessage(400, { error: 'invalid_grant', refresh_token: 'SECRET-R' }, 'user')).not.toContain('SECRET');
	});

	it('keeps the old refresh token when none comes back, and rejects a body without access_token', () => {
		expect(parsePlumTokenResponse({ access_token: 'a' }, 'user', NOW)).not.toHaveProperty('refreshToken');
		expect(() => parsePlumTokenResponse({ error: 'x' }, 'user', NOW)).toThrow(/no access_token/);
	});
});

describe('tokenRefreshDue', () => {
	const fresh = { accessToken: 'a', accessIssuedAt: String(NOW - DAY), accessExpiresAt: String(NOW + 14 * DAY) };

	it('is due when empty, undated, aged, asked for a newer one, or near expiry', () => {
		expect(tokenRefreshDue(fresh, NOW)).toBe(false);
		expect(tokenRefreshDue({ ...fresh, accessToken: '' }, NOW)).toBe(true);
		expect(tokenRefreshDue({ ...fresh, accessIssuedAt: '' }, NOW)).toBe(true);
		// Due at the set age, moved by up to 6 hours per process so that workers do not all refresh at once.
		expect(tokenRefreshDue({ ...fresh, accessIssuedAt: String(NOW - 7 * DAY - 6 * 3_600_000) }, NOW)).toBe(true);
		expect(tokenRefreshDue({ ...fresh, accessIssuedAt: String(NOW - 7 * DAY + 60_000) }, NOW)).toBe(false);
		expect(tokenRefreshDue({ ...fresh, accessIssuedAt: String(NOW - 7 * DAY), refreshAfterDays: 10 }, NOW)).toBe(false);
		expect(tokenRefreshDue(fresh, NOW, NOW - 1000)).toBe(true);
		expect(tokenRefreshDue({ ...fresh, accessExpiresAt: String(NOW + 60_000) }, NOW)).toBe(true);
	});
});

describe('refreshFailureMessage', () => {
	it('tells the user to generate new tokens and quotes Plum', () => {
		const message = refreshFailureMessage(400, { error: 'invalid_grant', error_description: 'invalid/expired refresh token' }, 'user');
		expect(message).toContain('Generate new tokens in the Plum dashboard (Settings → API');
		expect(message).toContain('invalid/expired refresh token');
		expect(message).toContain('Token Type to "company"');
	});

	it('says when to retry after auth.request_limit_exceeded', () => {
		expect(refreshFailureMessage(429, { message: 'auth.request_limit_exceeded' }, 'user')).toMatch(/Retry in 60 seconds/);
		expect(
			refreshFailureMessage(429, { errors: [{ message: 'auth.request_limit_exceeded', penaltySeconds: 30 }] }, 'user'),
		).toMatch(/Retry in 30 seconds/);
	});

	it('points at the client ID and secret for invalid_client', () => {
		expect(refreshFailureMessage(401, { error: 'invalid_client' }, 'user')).toMatch(/client ID or client secret/);
	});
});
