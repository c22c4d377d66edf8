import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { accountKeyOf, forgetPacing, pacing, paceCall, penalize, PLUM_RATE_LIMITS } from '../../../../../nodes/Plum/transport/pacer';

/** Starts `count` calls at once; `sent` lists the calls (by index) in the order the pacer let them go. */
function startCalls(count: number, operation = 'placeOrder', account = 'account-a') {
	const sent: number[] = [];
	const answers = Array.from({ length: count }, (_, index) =>
		paceCall(account, operation).then((answered) => {
			sent.push(index);
			return answered;
		}),
	);
	return { sent, answers };
}

const settle = async () => await new Promise((resolve) => setImmediate(resolve));

describe('pacer', () => {
	beforeEach(() => {
		forgetPacing();
		Object.assign(pacing, { windowMs: 200, limits: { ...PLUM_RATE_LIMITS, placeOrder: 3 } });
	});
	afterEach(() => {
		forgetPacing();
		Object.assign(pacing, { windowMs: 60_000, limits: { ...PLUM_RATE_LIMITS } });
	});

	it('declares Plum\'s per-minute limits', () => {
		expect(PLUM_RATE_LIMITS).toEqual({ placeOrder: 100, getVouchers: 50, getOrderDetails: 200, getBalance: 10, getOrderHistory: 200, getFilters: 50 });
	});

	it('lets calls under the limit go at once, in the order they asked', async () => {
		const { sent } = startCalls(3);
		await settle();
		expect(sent).toEqual([0, 1, 2]);
	});

	it('holds a call over the limit until a call answered a full window ago has left it', async () => {
		const { sent, answers } = startCalls(5);
		await settle();
		expect(sent).toEqual([0, 1, 2]);

		// Unanswered calls may still reach Plum: nothing more goes out while they are in flight.
		await new Promise((resolve) => setTimeout(resolve, pacing.windowMs + 50));
		expect(sent).toEqual([0, 1, 2]);

		(await answers[0])();
		await answers[3];
		expect(sent).toEqual([0, 1, 2, 3]);
		(await answers[1])();
		await answers[4];
		expect(sent).toEqual([0, 1, 2, 3, 4]);
	});

	it('paces each account and each operation on its own; operations without a limit are not paced', async () => {
		const first = startCalls(4, 'placeOrder', 'account-a');
		const other = startCalls(3, 'placeOrder', 'account-b');
		const reads = startCalls(3, 'getOrderDetails', 'account-a');
		const unlimited = startCalls(20, 'sendPoints', 'account-a');
		await settle();
		expect(first.sent).toEqual([0, 1, 2]);
		expect(other.sent).toHaveLength(3);
		expect(reads.sent).toHaveLength(3);
		expect(unlimited.sent).toHaveLength(20);
		for (const answered of first.answers.slice(0, 3)) (await answered)();
		await first.answers[3];
	});

	it('holds every call of the operation for the penalty Plum gave', async () => {
		penalize('account-a', 'getBalance', 0.2);
		const { sent, answers } = startCalls(1, 'getBalance');
		await settle();
		expect(sent).toEqual([]);
		await answers[0];
		expect(sent).toEqual([0]);
	});

	it('counts a call that must not wait (a webhook reply) without holding it', async () => {
		Object.assign(pacing, { limits: { ...PLUM_RATE_LIMITS, getOrderDetails: 1 } });
		const first = await paceCall('account-a', 'getOrderDetails');
		const reply = await paceCall('account-a', 'getOrderDetails', { wait: false });
		first();
		reply();
		const { sent, answers } = startCalls(1, 'getOrderDetails');
		await settle();
		expect(sent).toEqual([]);
		await answers[0];
		expect(sent).toEqual([0]);
	});

	it('keys an account by its base URL and client ID, without its secrets', () => {
		const credentials = { environment: 'custom', baseUrl: 'http://127.0.0.1:1/chef', clientId: 'client-1', clientSecret: 'secret-1', refreshToken: 'refresh-1' };
		const key = accountKeyOf(credentials);
		expect(key).toBe(accountKeyOf({ ...credentials, clientSecret: 'other', refreshToken: 'other' }));
		expect(key).not.toBe(accountKeyOf({ ...credentials, clientId: 'client-2' }));
		expect(key).not.toBe(accountKeyOf({ ...credentials, baseUrl: 'http://127.0.0.1:2/chef' }));
		for (const secret of ['secret-1', 'refresh-1', 'client-1']) expect(key).not.toContain(secret);
	});
});
