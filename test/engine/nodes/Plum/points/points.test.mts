import { describe, expect, it } from 'vitest';

import { pacing, PLUM_RATE_LIMITS } from '../../../../../nodes/Plum/transport/pacer';
import { runPlumNode } from '../../../../support/engine.mts';
import { useSandbox } from '../../../../support/sandbox.mts';

const send = {
	parameters: {
		resource: 'points',
		operation: 'send',
		senderEmail: 'admin@example.com',
		recipientName: '={{ $json.name }}',
		recipientEmail: '={{ $json.email }}',
		amount: '={{ $json.points }}',
		citation: 'Thanks for the survey',
	},
};

describe('points', () => {
	const sandbox = useSandbox({ tokenType: 'company' });

	it('sends many items in as few requests as Plum allows and pairs each result to its item', async () => {
		const people = Array.from({ length: 60 }, (_, index) => ({ name: `P${index}`, email: `p${index}@example.com`, points: 10 + index }));

		const { items, error } = await runPlumNode(sandbox.helper, send, people);

		expect(error).toBeUndefined();
		expect(items).toHaveLength(60);
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ recipientEmail: `p${index}@example.com`, amount: 10 + index, success: true });
		});
		expect((await sandbox.admin.requests()).filter((request) => request.op === 'sendBalance')).toHaveLength(2);
	});

	it('sends its batches through the pacer of the account', async () => {
		// Plum documents no limit for sendBalance; a test limit of 1 per half second shows the batches paced.
		await sandbox.reset({ rateLimits: { sendBalance: 1 }, rateLimitWindowMs: 500 }, 'company');
		Object.assign(pacing, { windowMs: 500, limits: { ...PLUM_RATE_LIMITS, sendBalance: 1 } });
		try {
			const people = Array.from({ length: 60 }, (_, index) => ({ name: `P${index}`, email: `p${index}@example.com`, points: 10 }));
			const { items, error } = await runPlumNode(sandbox.helper, send, people);

			expect(error).toBeUndefined();
			expect(items).toHaveLength(60);
			expect((await sandbox.admin.rateLimits()).sendBalance).toEqual({ limit: 1, peakPerWindow: 1, limited: 0 });
		} finally {
			Object.assign(pacing, { windowMs: 60_000, limits: { ...PLUM_RATE_LIMITS } });
		}
	});

	describe('when a later request of a batch fails (Plum has no idempotency key for points)', () => {
		const people = Array.from({ length: 60 }, (_, index) => ({ name: `P${index}`, email: `p${index}@example.com`, points: 10 }));
		const failSecondRequest = async () =>
			await sandbox.admin.addFault({ match: { op: 'sendBalance' }, skip: 1, times: 1, action: 'status', status: 502 });

		it('lists every grant that happened in the error, with its unique_id', async () => {
			await failSecondRequest();

			const { error } = await runPlumNode(sandbox.helper, send, people);

			const grants = await sandbox.admin.points();
			expect(grants).toHaveLength(50);
			expect(error?.message).toMatch(/502/);
			expect(error?.description).toMatch(/Before this failure Plum credited 50 recipient\(s\), and those grants stand: p0@example\.com: 10 \(unique_id /);
			for (const grant of grants) expect(error?.description).toContain(String(grant.unique_id));
		});

		it('with Continue On Fail, returns the grants as items and the failed recipients as error items', async () => {
			await failSecondRequest();

			const { items, error } = await runPlumNode(sandbox.helper, { ...send, settings: { onError: 'continueRegularOutput' } }, people);

			expect(error).toBeUndefined();
			expect(items.map((item) => item.pairedItem)).toEqual(people.map((_, item) => ({ item })));
			expect(items.slice(0, 50).every((item) => item.json.success === true && item.json.unique_id !== undefined)).toBe(true);
			expect(items.slice(50).every((item) => /502/.test(String(item.json.error)))).toBe(true);
		});

		it('with Retry On Fail, credits nobody twice and returns every grant once', async () => {
			await failSecondRequest();

			const { items, error } = await runPlumNode(sandbox.helper, { ...send, settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 } }, people);

			expect(error).toBeUndefined();
			expect(items).toHaveLength(60);
			const grants = await sandbox.admin.points();
			expect(grants).toHaveLength(60);
			expect(new Set(grants.map((grant) => grant.to_email)).size).toBe(60);
			expect(new Set(items.map((item) => item.json.unique_id)).size).toBe(60);
			// 50, then 10 that failed, then only those 10 again.
			expect((await sandbox.admin.requests()).filter((request) => request.op === 'sendBalance').map((request) => request.status)).toEqual([200, 502, 200]);
		});
	});

	it('stops before sending anything when one item is invalid', async () => {
		const { error } = await runPlumNode(sandbox.helper, send, [
			{ name: 'A', email: 'a@example.com', points: 5 },
			{ name: 'B', email: 'b@', points: 5 },
		]);
		expect(error?.message).toMatch(/Invalid Recipient Email: "b@"/);
		expect(await sandbox.admin.requests()).toHaveLength(0);
	});

	it('with Continue On Fail, sends the valid items and returns an error item for the bad one', async () => {
		const { items } = await runPlumNode(sandbox.helper, { ...send, settings: { onError: 'continueRegularOutput' } }, [
			{ name: 'A', email: 'a@example.com', points: 5 },
			{ name: 'B', email: 'b@example.com', points: -1 },
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json.success).toBe(true);
		expect(items[1].json.error).toMatch(/Invalid Amount: -1/);
	});

	it('gets a balance and cancels sent points', async () => {
		const sent = await runPlumNode(sandbox.helper, send, [{ name: 'A', email: 'a@example.com', points: 40 }]);
		const balance = await runPlumNode(sandbox.helper, { parameters: { resource: 'points', operation: 'getBalance', email: 'a@example.com' } });
		expect(balance.items[0].json).toMatchObject({ email: 'a@example.com', total: 40 });

		const cancel = await runPlumNode(sandbox.helper, { parameters: { resource: 'points', operation: 'cancel', uniqueId: String(sent.items[0].json.unique_id) } });
		expect(cancel.error).toBeUndefined();
		expect(cancel.items[0].json).toMatchObject({ success: true });
	});

	it('names the token type it needs when given a user credential', async () => {
		await sandbox.reset({}, 'user');
		const { error } = await runPlumNode(sandbox.helper, send, [{ name: 'A', email: 'a@example.com', points: 5 }]);
		expect(error?.message).toMatch(/Token Type "company"/);
		expect(error?.description).toMatch(/Storefront Integration/);
	});
});
