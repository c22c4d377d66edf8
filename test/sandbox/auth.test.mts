import axios from 'axios';
import { describe, expect, it } from 'vitest';
import { callApi, post, refresh, useSandbox } from '../support/sandbox.mts';

describe('sandbox auth', () => {
	const sandbox = useSandbox({ credentials: false });

	it('rotates the refresh token on refresh and kills the old one at once', async () => {
		const oldRefresh = sandbox.seeded.user.refreshToken;
		const first = await refresh(sandbox, 'user', oldRefresh);
		expect(first.status).toBe(200);
		expect(first.data).toMatchObject({ token_type: 'bearer', expires_in: 1296000 });
		expect(first.data.refresh_token).not.toBe(oldRefresh);
		expect(typeof first.data.access_token_expiry).toBe('number');
		expect(first.data.refresh_token_expiry - first.data.access_token_expiry).toBe(
			15 * 24 * 3600 * 1000,
		);

		const reused = await refresh(sandbox, 'user', oldRefresh);
		expect(reused.status).toBe(400);
		expect(reused.data).toEqual({
			error: 'invalid_grant',
			error_description: 'invalid/expired refresh token',
		});

		const next = await refresh(sandbox, 'user', first.data.refresh_token);
		expect(next.status).toBe(200);
		const state = await sandbox.admin.tokens();
		expect(state.clients.user.refreshCount).toBe(2);
		expect(state.clients.user.currentRefreshToken).toBe(next.data.refresh_token);
		expect(state.clients.user.liveRefreshTokens).toHaveLength(1);
	});

	it('keeps the previous access token alive after a refresh', async () => {
		await refresh(sandbox, 'user', sandbox.seeded.user.refreshToken);
		const balance = await callApi(sandbox, 'plumProAPI.query.getBalance', { data: {} });
		expect(balance.status).toBe(200);
	});

	it('honours a grace period for the old refresh token when configured', async () => {
		await sandbox.reset({ oldRefreshTokenGraceSeconds: 3600 });
		const seeded = sandbox.seeded;
		expect((await refresh(sandbox, 'user', seeded.user.refreshToken)).status).toBe(200);
		expect((await refresh(sandbox, 'user', seeded.user.refreshToken)).status).toBe(200);
		await sandbox.admin.advanceClock(3601);
		expect((await refresh(sandbox, 'user', seeded.user.refreshToken)).data.error).toBe(
			'invalid_grant',
		);
	});

	it.each([
		['numbers', { expires_in: 1296000 }, 'number'],
		['strings', { expires_in: '1296000' }, 'string'],
	] as const)('answers refreshes in the %s style', async (style, expected, expiryType) => {
		await sandbox.reset({ tokenResponseStyle: style });
		const response = await refresh(sandbox, 'user', sandbox.seeded.user.refreshToken);
		expect(response.data).toMatchObject(expected);
		expect(typeof response.data.access_token_expiry).toBe(expiryType);
		expect(typeof response.data.refresh_token_expiry).toBe(expiryType);
	});

	it('answers refreshes in the bare style exactly like the PHP fixture', async () => {
		await sandbox.reset({ tokenResponseStyle: 'bare' });
		const response = await refresh(sandbox, 'company', sandbox.seeded.company.refreshToken);
		expect(Object.keys(response.data).sort()).toEqual([
			'access_token',
			'expires_in',
			'refresh_token',
			'token_type',
		]);
		expect(response.data.expires_in).toBe(String(30 * 24 * 3600));
	});

	it('rejects form-encoded bodies, missing fields, wrong clients and crossed token types', async () => {
		const url = `${sandbox.handle.baseUrl}/v1/oauth/token/user`;
		const form = await axios.post(url, 'grant_type=refresh_token&refresh_token=x', {
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			validateStatus: () => true,
		});
		expect(form.status).toBe(400);
		expect(form.data.error).toBe('invalid_request');

		const missing = await post(url, { grant_type: 'refresh_token', client_id: 'x' });
		expect(missing.status).toBe(400);
		expect(missing.data.error).toBe('invalid_request');
		expect(missing.data.error_description).toMatch(/^missing\/invalid parameters/);

		const wrongClient = await post(url, {
			grant_type: 'refresh_token',
			refresh_token: sandbox.seeded.user.refreshToken,
			client_id: sandbox.seeded.user.clientId,
			client_secret: 'nope',
		});
		expect(wrongClient.status).toBe(401);
		expect(wrongClient.data.error).toBe('invalid_client');

		const crossed = await post(`${sandbox.handle.baseUrl}/v1/oauth/token/company`, {
			grant_type: 'refresh_token',
			refresh_token: sandbox.seeded.user.refreshToken,
			client_id: sandbox.seeded.user.clientId,
			client_secret: sandbox.seeded.user.clientSecret,
		});
		expect(crossed.status).toBe(400);
		expect(crossed.data.error).toBe('invalid_grant');
	});

	it('limits refreshes per client per minute', async () => {
		let token = sandbox.seeded.user.refreshToken;
		for (let index = 0; index < 10; index++) {
			const response = await refresh(sandbox, 'user', token);
			expect(response.status).toBe(200);
			token = response.data.refresh_token;
		}
		const limited = await refresh(sandbox, 'user', token);
		expect(limited.status).toBe(429);
		expect(limited.data).toEqual({ message: 'auth.request_limit_exceeded' });
		await sandbox.admin.advanceClock(61);
		expect((await refresh(sandbox, 'user', token)).status).toBe(200);
	});

	it('validates access tokens and expires them by the sandbox clock', async () => {
		const url = `${sandbox.handle.baseUrl}/v1/oauth/token`;
		const ok = await axios.get(url, {
			headers: { Authorization: `Bearer ${sandbox.seeded.user.accessToken}` },
		});
		expect(ok.data).toMatchObject({
			access_token: sandbox.seeded.user.accessToken,
			token_type: 'bearer',
		});
		expect(ok.data.expires_in).toBeGreaterThan(1295990);
		expect(ok.data.access_token_expiry).toBe(sandbox.seeded.user.accessTokenExpiry);
		expect(ok.data.refresh_token_expiry).toBe(sandbox.seeded.user.refreshTokenExpiry);

		const noHeader = await axios.get(url, { validateStatus: () => true });
		expect(noHeader.status).toBe(401);
		expect(noHeader.data).toEqual({
			error: 'invalid_request',
			error_description: 'missing/invalid parameters authorization header',
		});

		await sandbox.admin.advanceClock(15 * 24 * 3600 + 1);
		const expired = await axios.get(url, {
			headers: { Authorization: `Bearer ${sandbox.seeded.user.accessToken}` },
			validateStatus: () => true,
		});
		expect(expired.status).toBe(401);
		expect(expired.data).toEqual({
			error: 'invalid_token',
			error_description: 'invalid/expired token',
		});
	});

	it('rejects a token of the wrong type for the API family', async () => {
		const asCompany = await callApi(
			sandbox,
			'plumProAPI.query.getBalance',
			{ data: {} },
			{ token: sandbox.seeded.company.accessToken },
		);
		expect(asCompany.status).toBe(401);
		expect(asCompany.data).toEqual({
			error: 'invalid_token',
			error_description: 'This API needs a user token; a company token was sent',
		});

		const asUser = await callApi(
			sandbox,
			'storesAdmin.query.user_balance',
			{ user_data: { email: 'a@b.co' } },
			{ token: sandbox.seeded.user.accessToken },
		);
		expect(asUser.status).toBe(401);
		expect(asUser.data.error_description).toBe(
			'This API needs a company token; a user token was sent',
		);
	});

	it('issues a fresh pair like the dashboard and records requests with their Authorization header', async () => {
		const issued = await sandbox.admin.issueTokens('user');
		expect(issued).toMatchObject({
			clientId: sandbox.seeded.user.clientId,
			clientSecret: sandbox.seeded.user.clientSecret,
		});
		expect((await refresh(sandbox, 'user', sandbox.seeded.user.refreshToken)).status).toBe(400);
		const response = await callApi(
			sandbox,
			'plumProAPI.query.getBalance',
			{ data: {} },
			{ token: issued.accessToken },
		);
		expect(response.status).toBe(200);
		const requests = await sandbox.admin.requests();
		const last = requests[requests.length - 1];
		expect(last).toMatchObject({
			method: 'POST',
			path: '/chef/v1/oauth/api',
			op: 'getBalance',
			status: 200,
		});
		expect(last.headers.authorization).toBe(`Bearer ${issued.accessToken}`);
	});
});
