import { describe, expect, it } from 'vitest';

import { runPlumNode } from '../../../../support/engine.mts';
import { useSandbox } from '../../../../support/sandbox.mts';

const getBalance = { parameters: { resource: 'balance', operation: 'get' } };

describe('balance.get', () => {
	const sandbox = useSandbox();

	it('returns the balance with numbers as numbers', async () => {
		await sandbox.reset({ balance: { value: 1234.5, currency: 'EUR', points: 10 } });
		const { items } = await runPlumNode(sandbox.helper, getBalance);
		expect(items.map((item) => item.json)).toEqual([{ value: 1234.5, currency: 'EUR', points: 10 }]);
	});

	it('retries a read after a 5xx, a bounded number of times', async () => {
		await sandbox.admin.addFault({ match: { op: 'getBalance' }, times: 2, action: 'status', status: 502 });
		const { items, error } = await runPlumNode(sandbox.helper, getBalance);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);

		await sandbox.admin.addFault({ match: { op: 'getBalance' }, times: 5, action: 'status', status: 502 });
		const failed = await runPlumNode(sandbox.helper, getBalance);
		expect(failed.error?.message).toMatch(/502/);
		// One call and two retries: the third use of the fault is the last.
		expect((await sandbox.admin.faults()).at(-1)).toMatchObject({ used: 3 });
	});

	it('treats status 0 on HTTP 200 as a failure', async () => {
		await sandbox.admin.addFault({ match: { op: 'getBalance' }, times: 1, action: 'status0' });
		const { error } = await runPlumNode(sandbox.helper, getBalance);
		expect(error?.message).toMatch(/Plum could not complete getBalance/);
	});

	it('names the token type it needs when given a company credential', async () => {
		await sandbox.reset({}, 'company');
		const { error } = await runPlumNode(sandbox.helper, getBalance);
		expect(error?.message).toMatch(/needs a Plum credential with Token Type "user", but the selected credential has "company"/);
		expect(await sandbox.admin.requests()).toHaveLength(0);
	});

	it('never puts a token in the output or the error', async () => {
		const { items } = await runPlumNode(sandbox.helper, getBalance);
		const stored = sandbox.store.get('plumOAuth2Api');
		const output = JSON.stringify(items);
		for (const secret of [stored.accessToken, stored.refreshToken, stored.clientSecret]) expect(output).not.toContain(String(secret));

		await sandbox.admin.advanceClock(31 * 86_400);
		sandbox.store.set('plumOAuth2Api', { ...stored, accessToken: '' });
		const { error } = await runPlumNode(sandbox.helper, getBalance);
		const errorText = JSON.stringify({ message: error?.message, description: error?.description, context: error?.context });
		for (const secret of [stored.refreshToken, stored.clientSecret]) expect(errorText).not.toContain(String(secret));
	});
});
