import { describe, expect, it } from 'vitest';
import { SEEDED_PRODUCT_IDS } from '../../../sandbox/catalogue.mts';
import { callApi, placeOrder, useSandbox } from '../../support/sandbox.mts';

describe('sandbox payments', () => {
	const sandbox = useSandbox({ credentials: false });
	const fields = () => ({ startDate: '2000-01-01', endDate: '2100-01-01', limit: 10, page: 1 });
	const envelopes = {
		dataData: () => ({
			query: 'plumProAPI.mutation.paymentHistory',
			tag: 'plumProAPI',
			data: { data: fields() },
		}),
		data: () => ({
			query: 'plumProAPI.mutation.paymentHistory',
			tag: 'plumProAPI',
			data: fields(),
		}),
		variablesData: () => ({
			query: 'plumProAPI.mutation.paymentHistory',
			tag: 'plumProAPI',
			variables: { data: fields() },
		}),
	};

	it('reports the balance and lowers it with orders', async () => {
		const before = await callApi(sandbox, 'plumProAPI.query.getBalance', { data: {} });
		expect(before.data).toEqual({
			data: { getBalance: { status: 1, data: { points: 9944, value: 50000, currency: 'USD' } } },
		});
		await placeOrder(sandbox, {
			productId: SEEDED_PRODUCT_IDS.openValue,
			denomination: 100,
			quantity: 2,
			poNumber: 'BAL-1',
		});
		const after = await callApi(sandbox, 'plumProAPI.query.getBalance', { data: {} });
		expect(after.data.data.getBalance.data.value).toBe(49800);
	});

	it.each(Object.keys(envelopes) as Array<keyof typeof envelopes>)(
		'reads the %s envelope, alone when pinned',
		async (envelope) => {
			await sandbox.reset({ paymentEnvelope: envelope });
			for (const [name, build] of Object.entries(envelopes)) {
				const response = await callApi(
					sandbox,
					'plumProAPI.mutation.paymentHistory',
					{},
					{ body: build() },
				);
				if (name === envelope) {
					expect(response.status).toBe(200);
					const rows = response.data.data.paymentHistory.data;
					expect(rows[0]).toMatchObject({ reason: 'Funds added', transaction_status: 'Complete' });
					expect(typeof rows[0].reference_id).toBe('string');
					expect(Object.keys(rows[0]).sort()).toEqual([
						'adjusted_amount',
						'closing_balance',
						'date',
						'invoice_number',
						'reason',
						'reference_id',
						'transaction_status',
					]);
				} else {
					expect(response.status).toBe(400);
					expect(response.data.errorId).toBe('PLE10002');
				}
			}
		},
	);

	it('accepts every envelope by default, lists orders, and can answer under getPaymentReport', async () => {
		for (const build of Object.values(envelopes)) {
			expect(
				(await callApi(sandbox, 'plumProAPI.mutation.paymentHistory', {}, { body: build() }))
					.status,
			).toBe(200);
		}
		await placeOrder(sandbox, { productId: 27218, denomination: 10, poNumber: 'PAY-1' });
		const rows = (
			await callApi(
				sandbox,
				'plumProAPI.mutation.paymentHistory',
				{},
				{ body: envelopes.dataData() },
			)
		).data.data.paymentHistory.data;
		expect(rows[0]).toMatchObject({
			reason: 'Brand vouchers issued',
			adjusted_amount: 10,
			closing_balance: 49990,
		});

		await sandbox.reset({ paymentResponseKey: 'getPaymentReport' });
		const renamed = await callApi(
			sandbox,
			'plumProAPI.mutation.paymentHistory',
			{},
			{ body: envelopes.dataData() },
		);
		expect(renamed.data.data.getPaymentReport.status).toBe(1);
	});
});
