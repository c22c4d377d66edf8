import axios from 'axios';
import { describe, expect, it } from 'vitest';
import { callApi, refresh, useSandbox } from '../support/sandbox.mts';

const placeOrderData = (poNumber: string) => ({
	data: { productId: 27218, quantity: 1, denomination: 10, poNumber },
});

describe('sandbox faults', () => {
	const sandbox = useSandbox({ credentials: false });

	it('drop-after-commit: the client sees a socket error but the order exists', async () => {
		await sandbox.admin.addFault({
			match: { op: 'placeOrder' },
			times: 1,
			action: 'drop-after-commit',
		});
		const error = await callApi(
			sandbox,
			'plumProAPI.mutation.placeOrder',
			placeOrderData('DROP-1'),
		).catch((caught: unknown) => caught);
		expect(axios.isAxiosError(error)).toBe(true);
		expect((error as { code?: string }).code).toMatch(/ECONNRESET|ERR_BAD_RESPONSE|ECONNABORTED/);
		const orders = await sandbox.admin.orders('DROP-1');
		expect(orders).toHaveLength(1);

		// The retry-safe path: look the order up by poNumber instead of placing it again.
		const details = await callApi(sandbox, 'plumProAPI.mutation.getOrderDetails', {
			data: { poNumber: 'DROP-1', orderId: null },
		});
		expect(details.data.data.getOrderDetails.data.orderId).toBe(orders[0].orderId);
		const requests = await sandbox.admin.requests();
		expect(requests.find((request) => request.op === 'placeOrder')).toMatchObject({
			dropped: true,
			fault: 'drop-after-commit',
			status: null,
		});
	});

	it('drop-before: nothing is committed', async () => {
		await sandbox.admin.addFault({ match: { op: 'placeOrder' }, times: 1, action: 'drop-before' });
		await expect(
			callApi(sandbox, 'plumProAPI.mutation.placeOrder', placeOrderData('DROP-2')),
		).rejects.toThrow();
		expect(await sandbox.admin.orders('DROP-2')).toHaveLength(0);
	});

	it('status: answers a bare 5xx body, optionally after committing', async () => {
		await sandbox.admin.addFault({
			match: { op: 'placeOrder' },
			times: 1,
			action: 'status',
			status: 502,
		});
		const plain = await callApi(sandbox, 'plumProAPI.mutation.placeOrder', placeOrderData('ST-1'));
		expect(plain.status).toBe(502);
		expect(plain.data).toEqual({ code: 502, error: 'Bad Gateway' });
		expect(await sandbox.admin.orders('ST-1')).toHaveLength(0);

		await sandbox.admin.addFault({
			match: { op: 'placeOrder' },
			times: 1,
			action: 'status',
			status: 500,
			afterCommit: true,
		});
		const committed = await callApi(
			sandbox,
			'plumProAPI.mutation.placeOrder',
			placeOrderData('ST-2'),
		);
		expect(committed.status).toBe(500);
		expect(committed.data).toEqual({ code: 500, error: 'Internal Server Error' });
		expect(await sandbox.admin.orders('ST-2')).toHaveLength(1);
	});

	it('status0, unauthorized and delay apply to the next N matching calls only', async () => {
		await sandbox.admin.addFault({ match: { op: 'getBalance' }, times: 1, action: 'status0' });
		const zero = await callApi(sandbox, 'plumProAPI.query.getBalance', { data: {} });
		expect(zero.status).toBe(200);
		expect(zero.data.data.getBalance.status).toBe(0);
		expect(
			(await callApi(sandbox, 'plumProAPI.query.getBalance', { data: {} })).data.data.getBalance
				.status,
		).toBe(1);

		await sandbox.admin.addFault({
			match: { path: '/v1/oauth/api' },
			times: 2,
			action: 'unauthorized',
		});
		expect((await callApi(sandbox, 'plumProAPI.query.getBalance', { data: {} })).status).toBe(401);
		expect((await callApi(sandbox, 'plumProAPI.mutation.getFilters', { data: {} })).status).toBe(
			401,
		);
		expect((await callApi(sandbox, 'plumProAPI.mutation.getFilters', { data: {} })).status).toBe(
			200,
		);

		await sandbox.admin.addFault({
			match: { op: 'refresh' },
			times: 1,
			action: 'delay',
			delayMs: 150,
		});
		const started = Date.now();
		expect((await refresh(sandbox, 'user', sandbox.seeded.user.refreshToken)).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect((await sandbox.admin.faults()).every((fault) => fault.remaining === 0)).toBe(true);
	});
});

describe('sandbox rate limits', () => {
	const sandbox = useSandbox({ config: { penaltySeconds: 30 }, credentials: false });

	it('answers 429 with penaltySeconds past the per-minute limit and counts the penalty down', async () => {
		for (let index = 0; index < 10; index++) {
			expect((await callApi(sandbox, 'plumProAPI.query.getBalance', { data: {} })).status).toBe(
				200,
			);
		}
		const limited = await callApi(sandbox, 'plumProAPI.query.getBalance', { data: {} });
		expect(limited.status).toBe(429);
		expect(limited.data).toEqual({
			errors: [{ message: 'auth.request_limit_exceeded', penaltySeconds: 30 }],
		});

		// Other operations have their own budget.
		expect((await callApi(sandbox, 'plumProAPI.mutation.getFilters', { data: {} })).status).toBe(
			200,
		);

		await sandbox.admin.advanceClock(20);
		const during = await callApi(sandbox, 'plumProAPI.query.getBalance', { data: {} });
		expect(during.status).toBe(429);
		expect(during.data.errors[0].penaltySeconds).toBe(10);

		await sandbox.admin.advanceClock(11);
		expect((await callApi(sandbox, 'plumProAPI.query.getBalance', { data: {} })).status).toBe(200);
	});

	it('can be switched off or overridden', async () => {
		await sandbox.reset({ rateLimits: { getBalance: 2 } });
		await callApi(sandbox, 'plumProAPI.query.getBalance', { data: {} });
		await callApi(sandbox, 'plumProAPI.query.getBalance', { data: {} });
		expect((await callApi(sandbox, 'plumProAPI.query.getBalance', { data: {} })).status).toBe(429);

		await sandbox.reset({ rateLimitsEnabled: false });
		for (let index = 0; index < 15; index++) {
			expect((await callApi(sandbox, 'plumProAPI.query.getBalance', { data: {} })).status).toBe(
				200,
			);
		}
	});
});
