/** What the sandbox records for pacing tests (calls per window, orders in flight) and the catalogue changes tests make. */
import { describe, expect, it } from 'vitest';

import { SEEDED_PRODUCT_IDS } from '../../sandbox/catalogue.mts';
import { callApi, placeOrder, useSandbox } from '../support/sandbox.mts';

const order = (poNumber: string, extra: Record<string, unknown> = {}) => ({
	productId: SEEDED_PRODUCT_IDS.realtimeFixed,
	denomination: 25,
	poNumber,
	email: 'jane@example.com',
	...extra,
});

describe('sandbox observations', () => {
	const sandbox = useSandbox({ credentials: false });

	it('reports the most calls of an operation that arrived within one window, and its 429s', async () => {
		await sandbox.reset({ rateLimits: { getBalance: 3 }, rateLimitWindowMs: 60_000 });
		for (let index = 0; index < 4; index++) await callApi(sandbox, 'plumProAPI.query.getBalance', { data: {} });

		const report = await sandbox.admin.rateLimits();
		expect(report.getBalance).toEqual({ limit: 3, peakPerWindow: 4, limited: 1 });
	});

	it('counts calls in the configured window, also with the limits switched off', async () => {
		await sandbox.reset({ rateLimitsEnabled: false, rateLimitWindowMs: 100 });
		await callApi(sandbox, 'plumProAPI.query.getBalance', { data: {} });
		await callApi(sandbox, 'plumProAPI.query.getBalance', { data: {} });
		await new Promise((resolve) => setTimeout(resolve, 150));
		await callApi(sandbox, 'plumProAPI.query.getBalance', { data: {} });

		expect((await sandbox.admin.rateLimits()).getBalance).toMatchObject({ peakPerWindow: 2, limited: 0 });
	});

	it('records how many placeOrder calls were handled at once, overall and per poNumber', async () => {
		await sandbox.admin.addFault({ match: { op: 'placeOrder' }, times: 3, action: 'delay', delayMs: 200 });

		const answers = await Promise.all([placeOrder(sandbox, order('po-a')), placeOrder(sandbox, order('po-a')), placeOrder(sandbox, order('po-b'))]);

		expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 422]);
		const inFlight = await sandbox.admin.ordersInFlight();
		expect(inFlight).toEqual({ now: {}, peak: 3, peakPerPoNumber: { 'po-a': 2, 'po-b': 1 } });

		await sandbox.reset();
		expect(await sandbox.admin.ordersInFlight()).toEqual({ now: {}, peak: 0, peakPerPoNumber: {} });
	});

	it('changes and removes catalogue products until the next reset', async () => {
		await sandbox.admin.updateProduct(SEEDED_PRODUCT_IDS.realtimeFixed, { valueDenominations: '10,50' });
		const refused = await placeOrder(sandbox, order('po-1'));
		expect(refused.data.errorId ?? refused.data.errors?.[0]?.errorId).toBe('PLE10018');

		await sandbox.admin.removeProduct(SEEDED_PRODUCT_IDS.openValue);
		const gone = await placeOrder(sandbox, order('po-2', { productId: SEEDED_PRODUCT_IDS.openValue }));
		expect(gone.status).toBe(404);

		await sandbox.reset();
		expect((await placeOrder(sandbox, order('po-3'))).status).toBe(200);
		expect((await placeOrder(sandbox, order('po-4', { productId: SEEDED_PRODUCT_IDS.openValue }))).status).toBe(200);
	});
});
