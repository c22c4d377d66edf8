import { describe, expect, it } from 'vitest';
import { callApi, useSandbox } from '../../support/sandbox.mts';

describe('sandbox reward points', () => {
	const sandbox = useSandbox({ credentials: false });

	it('sends, reports and cancels points', async () => {
		const sent = await callApi(sandbox, 'storesAdmin.mutation.sendBalance', {
			recipients_data: {
				sender_email: 'admin@example.com',
				expiry_month: 12,
				recipients: [
					{ to_name: 'Jane', to_email: 'jane@example.com', amount: '500', citation: 'Q4' },
					{ to_name: 'Bad', to_email: 'not-an-email', amount: '5', citation: '' },
				],
			},
		});
		expect(sent.status).toBe(200);
		const body = sent.data.data.sendBalance;
		expect(body).toMatchObject({ error: false, message: 'points sent' });
		expect(body.recipients[0]).toMatchObject({
			to_email: 'jane@example.com',
			amount: '500',
			success: true,
		});
		expect(typeof body.recipients[0].unique_id).toBe('number');
		expect(body.recipients[1]).toMatchObject({ success: false });

		// The HP/AE variant without the recipients_data wrapper.
		const bare = await callApi(sandbox, 'storesAdmin.mutation.sendBalance', {
			sender_email: 'admin@example.com',
			recipients: [
				{ to_name: 'Jane', to_email: 'jane@example.com', amount: '250', citation: 'bonus' },
			],
		});
		expect(bare.data.data.sendBalance.error).toBe(false);

		const balance = await callApi(sandbox, 'storesAdmin.query.user_balance', {
			user_data: { email: 'jane@example.com' },
		});
		expect(balance.data).toEqual({
			data: { user_balance: { success: 1, message: expect.any(String), data: { total: 750 } } },
		});

		const uniqueId = body.recipients[0].unique_id;
		const canceled = await callApi(sandbox, 'storesAdmin.mutation.cancelBalance', {
			recipients_data: { recipients: [{ unique_id: uniqueId }, { unique_id: 1 }] },
		});
		expect(canceled.data.data.cancelBalance.recipients).toEqual([
			{ unique_id: uniqueId, success: true, message: expect.any(String) },
			{ unique_id: 1, success: false, message: expect.any(String) },
		]);
		const after = await callApi(sandbox, 'storesAdmin.query.user_balance', {
			user_data: { email: 'jane@example.com' },
		});
		expect(after.data.data.user_balance.data.total).toBe(250);
	});

	it('rejects batches over the limit', async () => {
		const recipients = Array.from({ length: 51 }, (_, index) => ({
			to_name: 'X',
			to_email: `x${index}@example.com`,
			amount: '1',
			citation: '',
		}));
		const response = await callApi(sandbox, 'storesAdmin.mutation.sendBalance', {
			recipients_data: { sender_email: 'admin@example.com', recipients },
		});
		expect(response.status).toBe(400);
		expect(response.data.code).toBe(400);
	});
});
