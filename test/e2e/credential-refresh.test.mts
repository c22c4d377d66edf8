/**
 * End to end, through a real n8n (the pinned version) with the packed package installed as a
 * community package, driven by n8n's own CLI: the Plum credential refreshes by itself on first use,
 * persists each rotated refresh token in n8n's credential store, refreshes again only when its
 * access token has aged past refreshAfterDays, and token.refresh rotates the pair on demand.
 * The only Plum is the local sandbox.
 */
import { describe, expect, it } from 'vitest';

import { useN8nWithSandbox } from '../support/e2e.mts';
import { nodeOutput, type CredentialEntry } from '../support/n8n.mts';

const CREDENTIAL = { id: 'PlumE2eCred00001', name: 'Plum sandbox (e2e)' };
const BALANCE_WORKFLOW_ID = 'PlumE2eBalance01';
const REFRESH_WORKFLOW_ID = 'PlumE2eRefresh01';
const DAY_MS = 86_400_000;

/** A balance no default would produce, so the output can only come from this sandbox. */
const BALANCE = { value: 12345.67, currency: 'EUR', points: 4321 };

const e2e = useN8nWithSandbox({
	credential: CREDENTIAL,
	sandboxConfig: { balance: BALANCE },
	workflows: ({ plumWorkflow }) => [
		plumWorkflow(BALANCE_WORKFLOW_ID, 'E2E: Plum balance', { resource: 'balance', operation: 'get' }),
		plumWorkflow(REFRESH_WORKFLOW_ID, 'E2E: Plum token refresh', { resource: 'token', operation: 'refresh' }),
	],
});

async function userTokens() {
	return (await e2e.admin.tokens()).clients.user;
}

async function storedCredential(): Promise<CredentialEntry> {
	return await e2e.n8n.credential(CREDENTIAL.id);
}

describe('Plum credential in a real n8n (CLI)', () => {
	it('refreshes on first use, returns the balance and stores the rotated refresh token', async () => {
		expect((await userTokens()).refreshCount).toBe(0);

		const run = await e2e.n8n.execute(BALANCE_WORKFLOW_ID);

		expect(nodeOutput(run, 'Plum')).toEqual([BALANCE]);
		const tokens = await userTokens();
		expect(tokens.refreshCount).toBe(1);
		expect(tokens.currentRefreshToken).not.toBe(e2e.seeded.user.refreshToken);
		// The seeded refresh token died with the rotation.
		expect(tokens.liveRefreshTokens.map((token) => token.token)).not.toContain(
			e2e.seeded.user.refreshToken,
		);

		const stored = await storedCredential();
		expect(stored.data.refreshToken).not.toBe(e2e.seeded.user.refreshToken);
		expect(stored.data.refreshToken).toBe(tokens.currentRefreshToken);
		expect(stored.data.accessToken).toEqual(expect.any(String));
		expect(stored.data.accessToken).not.toBe('');
		expect(Number(stored.data.accessIssuedAt)).toBeGreaterThan(Date.now() - DAY_MS);
		// Fields the user entered survive the refresh.
		expect(stored.data).toMatchObject({
			environment: 'custom',
			baseUrl: e2e.sandbox.baseUrl,
			tokenType: 'user',
			clientId: e2e.seeded.user.clientId,
			clientSecret: e2e.seeded.user.clientSecret,
		});

		const balanceCalls = (await e2e.admin.requests()).filter((request) => request.op === 'getBalance');
		expect(balanceCalls.map((request) => request.status)).toEqual([200]);
		expect(balanceCalls[0].headers.authorization).toBe(`Bearer ${String(stored.data.accessToken)}`);
	});

	it('does not refresh again while the access token is fresh', async () => {
		const before = await storedCredential();
		const countBefore = (await userTokens()).refreshCount;

		const run = await e2e.n8n.execute(BALANCE_WORKFLOW_ID);

		expect(nodeOutput(run, 'Plum')).toEqual([BALANCE]);
		expect((await userTokens()).refreshCount).toBe(countBefore);
		const after = await storedCredential();
		expect(after.data.refreshToken).toBe(before.data.refreshToken);
		expect(after.data.accessToken).toBe(before.data.accessToken);
	});

	it('refreshes exactly once when the access token is older than refreshAfterDays', async () => {
		const current = await storedCredential();
		const tenDaysAgo = Date.now() - 10 * DAY_MS;
		// Re-import the stored data as it is, only with an old issue time.
		await e2e.n8n.importCredentials([
			{ ...current, data: { ...current.data, accessIssuedAt: String(tenDaysAgo) } },
		]);
		expect((await storedCredential()).data.accessIssuedAt).toBe(String(tenDaysAgo));
		const countBefore = (await userTokens()).refreshCount;

		const run = await e2e.n8n.execute(BALANCE_WORKFLOW_ID);

		expect(nodeOutput(run, 'Plum')).toEqual([BALANCE]);
		const tokens = await userTokens();
		expect(tokens.refreshCount).toBe(countBefore + 1);
		const stored = await storedCredential();
		expect(stored.data.refreshToken).not.toBe(current.data.refreshToken);
		expect(stored.data.refreshToken).toBe(tokens.currentRefreshToken);
		expect(stored.data.accessToken).not.toBe(current.data.accessToken);
		expect(Number(stored.data.accessIssuedAt)).toBeGreaterThan(tenDaysAgo + 9 * DAY_MS);

		// And the next run uses the new pair without refreshing.
		await e2e.n8n.execute(BALANCE_WORKFLOW_ID);
		expect((await userTokens()).refreshCount).toBe(countBefore + 1);
	});

	it('token.refresh rotates the pair now and persists it', async () => {
		const before = await storedCredential();
		const countBefore = (await userTokens()).refreshCount;

		const run = await e2e.n8n.execute(REFRESH_WORKFLOW_ID);

		const output = nodeOutput(run, 'Plum');
		expect(output).toHaveLength(1);
		expect(output[0]).toMatchObject({
			refreshed: true,
			valid: true,
			tokenType: 'user',
			environment: 'custom',
		});
		// Token values never appear in the output.
		const text = JSON.stringify(output);
		expect(text).not.toContain(String(before.data.refreshToken));
		expect(text).not.toContain(String(before.data.accessToken));

		const tokens = await userTokens();
		expect(tokens.refreshCount).toBe(countBefore + 1);
		const stored = await storedCredential();
		expect(stored.data.refreshToken).not.toBe(before.data.refreshToken);
		expect(stored.data.refreshToken).toBe(tokens.currentRefreshToken);
		expect(stored.data.accessToken).not.toBe(before.data.accessToken);
		expect(text).not.toContain(String(stored.data.refreshToken));

		// The persisted pair works: the balance runs on it without another refresh.
		expect(nodeOutput(await e2e.n8n.execute(BALANCE_WORKFLOW_ID), 'Plum')).toEqual([BALANCE]);
		expect((await userTokens()).refreshCount).toBe(countBefore + 1);
	});
});
