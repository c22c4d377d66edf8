import { describe, expect, it, vi } from 'vitest';

import { parsePlumTokenResponse } from '../../../credentials/plumToken';
import { runPlumNode } from '../../support/engine.mts';
import { refresh, useSandbox } from '../../support/sandbox.mts';

const DAY = 86_400_000;
const getBalance = { parameters: { resource: 'balance', operation: 'get' } };

function refreshCalls(requests: Array<{ path: string }>) {
	return requests.filter((request) => request.path.startsWith('/chef/v1/oauth/token/'));
}

describe('PlumOAuth2Api in the real engine', () => {
	const sandbox = useSandbox();

	it('refreshes once on first use and stores the rotated refresh token', async () => {
		const seededRefreshToken = sandbox.seeded.user.refreshToken;

		const { items, error } = await runPlumNode(sandbox.helper, getBalance);

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([{ value: 50000, currency: 'USD', points: 9944 }]);
		expect(refreshCalls(await sandbox.admin.requests())).toHaveLength(1);
		const stored = sandbox.store.get('plumOAuth2Api');
		expect(stored.refreshToken).not.toBe(seededRefreshToken);
		const live = await sandbox.admin.tokens();
		expect(JSON.stringify(live)).toContain(String(stored.refreshToken));
		expect(stored.accessToken).not.toBe('');
		expect(Number(stored.accessExpiresAt)).toBeGreaterThan(Date.now() + 14 * DAY);
		expect(Number(stored.refreshExpiresAt)).toBeGreaterThan(Date.now() + 29 * DAY);

		// A second run uses the stored token: no second refresh.
		await runPlumNode(sandbox.helper, getBalance);
		expect(refreshCalls(await sandbox.admin.requests())).toHaveLength(1);
	});

	it('refreshes when Plum answers 401 mid-run and the request then succeeds', async () => {
		await runPlumNode(sandbox.helper, getBalance);
		const before = sandbox.store.get('plumOAuth2Api').refreshToken;
		// Plum's access tokens live 15 days: past that, Plum answers 401.
		await sandbox.admin.advanceClock(16 * 86_400);

		const { items, error } = await runPlumNode(sandbox.helper, getBalance, [{}, {}]);

		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(sandbox.store.get('plumOAuth2Api').refreshToken).not.toBe(before);
		expect(refreshCalls(await sandbox.admin.requests())).toHaveLength(2);
	});

	for (const [errorId, hint] of [
		['PIPE10017', /not whitelisted/],
		['PLE10019', /International orders are disabled/],
	] as const) {
		it(`fails every item at once on a 401 that is not about the token (${errorId}), without refreshing`, async () => {
			await runPlumNode(sandbox.helper, getBalance);
			const before = sandbox.store.get('plumOAuth2Api').refreshToken;
			await sandbox.admin.addFault({
				match: { op: 'getBalance' },
				times: 10,
				action: 'status',
				status: 401,
				body: { code: 401, errorId, errorInfo: 'Access refused', error: 'Unauthorized' },
			});

			const { items, error } = await runPlumNode(sandbox.helper, { ...getBalance, settings: { onError: 'continueRegularOutput' } }, [{}, {}, {}]);

			expect(error).toBeUndefined();
			expect(items.map((item) => item.json.error)).toEqual(Array(3).fill(`Plum error ${errorId}: Access refused`));
			expect(String(items[0].json.errorDescription)).toMatch(hint);
			// One refresh on first use, none for the three refusals; one request per item.
			expect(refreshCalls(await sandbox.admin.requests())).toHaveLength(1);
			expect((await sandbox.admin.requests()).filter((request) => request.op === 'getBalance')).toHaveLength(4);
			expect(sandbox.store.get('plumOAuth2Api').refreshToken).toBe(before);
		});
	}

	it('refreshes an injected 401 once and resends the request', async () => {
		await runPlumNode(sandbox.helper, getBalance);
		await sandbox.admin.addFault({ match: { op: 'getBalance' }, times: 1, action: 'unauthorized' });

		const { items, error } = await runPlumNode(sandbox.helper, getBalance);

		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const balanceCalls = (await sandbox.admin.requests()).filter((request) => request.op === 'getBalance');
		expect(balanceCalls.map((request) => request.status)).toEqual([200, 401, 200]);
	});

	it('uses the pair another n8n process rotated the token into, instead of failing with "generate new tokens"', async () => {
		await runPlumNode(sandbox.helper, getBalance);
		const stored = sandbox.store.get('plumOAuth2Api');
		sandbox.store.set('plumOAuth2Api', { ...stored, accessIssuedAt: String(Date.now() - 8 * DAY) });
		// Another worker reaches the refresh age at the same moment, rotates the token first and stores the new pair.
		sandbox.helper.beforeRefresh = async () => {
			sandbox.helper.beforeRefresh = undefined;
			const rotated = await refresh(sandbox, 'user', String(stored.refreshToken));
			expect(rotated.status).toBe(200);
			sandbox.store.update('plumOAuth2Api', { ...sandbox.store.get('plumOAuth2Api'), ...(parsePlumTokenResponse(rotated.data, 'user', Date.now()) as Record<string, string>) });
		};

		const { items, error } = await runPlumNode(sandbox.helper, getBalance);

		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const now = sandbox.store.get('plumOAuth2Api');
		expect(now.refreshToken).not.toBe(stored.refreshToken);
		expect(JSON.stringify(await sandbox.admin.tokens())).toContain(String(now.refreshToken));
	});

	it('waits for the pair another n8n process stores only after the refresh here was refused', async () => {
		await runPlumNode(sandbox.helper, getBalance);
		const stored = sandbox.store.get('plumOAuth2Api');
		sandbox.store.set('plumOAuth2Api', { ...stored, accessIssuedAt: String(Date.now() - 8 * DAY) });
		// Another worker rotates the token first, but its n8n stores the new pair a second and a half later
		// (a loaded worker): the first look at the stored credential still finds the old pair.
		let storedLater: Promise<void> | undefined;
		sandbox.helper.beforeRefresh = async () => {
			sandbox.helper.beforeRefresh = undefined;
			const rotated = await refresh(sandbox, 'user', String(stored.refreshToken));
			expect(rotated.status).toBe(200);
			storedLater = new Promise((resolve) =>
				setTimeout(() => {
					sandbox.store.update('plumOAuth2Api', { ...sandbox.store.get('plumOAuth2Api'), ...(parsePlumTokenResponse(rotated.data, 'user', Date.now()) as Record<string, string>) });
					resolve();
				}, 1500),
			);
		};

		const { items, error } = await runPlumNode(sandbox.helper, getBalance);

		await storedLater;
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ currency: expect.any(String) });
		expect(sandbox.store.get('plumOAuth2Api').refreshToken).not.toBe(stored.refreshToken);
	});

	it('warns when n8n cannot store the rotated refresh token (an expression field), and says why when it dies', async () => {
		sandbox.helper.unwritableFields.add('refreshToken');
		try {
			const first = await runPlumNode(sandbox.helper, getBalance);
			expect(first.error).toBeUndefined();
			expect(sandbox.store.get('plumOAuth2Api').refreshToken).toBe(sandbox.seeded.user.refreshToken);

			const second = await runPlumNode(sandbox.helper, getBalance, [{}, {}]);
			expect(second.error).toBeUndefined();
			const hints = second.run.data.resultData.runData.Plum[0].hints ?? [];
			expect(hints).toHaveLength(1);
			expect(hints[0]).toMatchObject({ type: 'warning', message: expect.stringMatching(/will stop working at its next token refresh\. n8n did not store the refresh token/) });

			// Days later (past the minute in which this process hands a rotated pair to late callers).
			vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 5 * 60_000 });
			const stored = sandbox.store.get('plumOAuth2Api');
			sandbox.store.set('plumOAuth2Api', { ...stored, accessIssuedAt: String(Date.now() - 8 * DAY) });
			const third = await runPlumNode(sandbox.helper, getBalance);
			expect(third.error?.message).toBe('Plum refused the stored refresh token: it was already rotated, but n8n kept the old one');
			expect(third.error?.description).toMatch(/holds an expression \(for example an external secret/);
		} finally {
			vi.useRealTimers();
			sandbox.helper.unwritableFields.clear();
		}
	});

	it('refreshes an access token older than the set age on its next use, without a wasted call', async () => {
		await runPlumNode(sandbox.helper, getBalance);
		const stored = sandbox.store.get('plumOAuth2Api');
		sandbox.store.set('plumOAuth2Api', { ...stored, accessIssuedAt: String(Date.now() - 8 * DAY) });
		await sandbox.admin.clearRequests();

		const { items, error } = await runPlumNode(sandbox.helper, getBalance);

		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const requests = await sandbox.admin.requests();
		expect(requests.map((request) => request.op ?? request.path)).toEqual([expect.stringMatching(/refresh|token/), 'getBalance']);
		expect(requests.every((request) => request.status === 200)).toBe(true);
		expect(sandbox.store.get('plumOAuth2Api').refreshToken).not.toBe(stored.refreshToken);
		expect(Number(sandbox.store.get('plumOAuth2Api').accessIssuedAt)).toBeGreaterThan(Date.now() - 60_000);
	});

	it('honours a longer Refresh After setting', async () => {
		await runPlumNode(sandbox.helper, getBalance);
		const stored = sandbox.store.get('plumOAuth2Api');
		sandbox.store.set('plumOAuth2Api', { ...stored, refreshAfterDays: 10, accessIssuedAt: String(Date.now() - 8 * DAY) });

		await runPlumNode(sandbox.helper, getBalance);

		expect(refreshCalls(await sandbox.admin.requests())).toHaveLength(1);
	});

	it('explains an expired refresh token and keeps the stored credential', async () => {
		await sandbox.admin.advanceClock(31 * 86_400);

		const { items, error } = await runPlumNode(sandbox.helper, getBalance);

		expect(items).toHaveLength(0);
		expect(error?.message).toMatch(/did not accept the refresh token/);
		expect(error?.message).toContain('Generate new tokens in the Plum dashboard (Settings → API');
		expect(error?.message).toMatch(/invalid\/expired refresh token|invalid_grant/);
		expect(sandbox.store.updates).toHaveLength(0);
	});

	it('reads token responses in every shape Plum is documented to send', async () => {
		for (const tokenResponseStyle of ['numbers', 'strings', 'bare'] as const) {
			await sandbox.reset({ tokenResponseStyle });
			const { items, error } = await runPlumNode(sandbox.helper, getBalance);
			expect(error, tokenResponseStyle).toBeUndefined();
			expect(items).toHaveLength(1);
			const stored = sandbox.store.get('plumOAuth2Api');
			expect(Number(stored.accessExpiresAt), tokenResponseStyle).toBeGreaterThan(Date.now() + 14 * DAY);
		}
	});

	it('says when to retry when Plum limits token refreshes', async () => {
		await sandbox.reset({ refreshLimitPerMinute: 0 });

		const { error } = await runPlumNode(sandbox.helper, getBalance);

		expect(error?.message).toMatch(/auth\.request_limit_exceeded/);
		expect(error?.message).toMatch(/Retry in/);
	});

	it('shares one refresh between concurrent requests holding the same refresh token', async () => {
		const runs = await Promise.all([runPlumNode(sandbox.helper, getBalance), runPlumNode(sandbox.helper, getBalance)]);

		expect(runs.map((run) => run.error)).toEqual([undefined, undefined]);
		expect(refreshCalls(await sandbox.admin.requests())).toHaveLength(1);
	});
});
