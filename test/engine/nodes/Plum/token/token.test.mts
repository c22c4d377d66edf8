import { describe, expect, it } from 'vitest';

import { runPlumNode } from '../../../../support/engine.mts';
import { useSandbox } from '../../../../support/sandbox.mts';

describe('token', () => {
	const sandbox = useSandbox();

	it('getStatus reports both expiries and days left, without any token', async () => {
		const { items, error } = await runPlumNode(sandbox.helper, { parameters: { resource: 'token', operation: 'getStatus' } }, [{}, {}]);

		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		const status = items[0].json;
		expect(status).toMatchObject({ valid: true, tokenType: 'user' });
		expect(status.accessTokenDaysLeft).toBeGreaterThan(14);
		expect(status.refreshTokenDaysLeft).toBeGreaterThan(29);
		const stored = sandbox.store.get('plumOAuth2Api');
		expect(JSON.stringify(items)).not.toContain(String(stored.accessToken));
		expect(JSON.stringify(items)).not.toContain(String(stored.refreshToken));
	});

	it('refresh rotates the pair now and persists it, once per execution', async () => {
		await runPlumNode(sandbox.helper, { parameters: { resource: 'balance', operation: 'get' } });
		const before = sandbox.store.get('plumOAuth2Api');

		const { items, error } = await runPlumNode(sandbox.helper, { parameters: { resource: 'token', operation: 'refresh' } }, [{}, {}, {}]);

		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items[0].json).toMatchObject({ refreshed: true, valid: true });
		const after = sandbox.store.get('plumOAuth2Api');
		expect(after.refreshToken).not.toBe(before.refreshToken);
		expect(after.accessToken).not.toBe(before.accessToken);
		const refreshes = (await sandbox.admin.requests()).filter((request) => request.path.startsWith('/chef/v1/oauth/token/'));
		expect(refreshes).toHaveLength(2);
	});
});
