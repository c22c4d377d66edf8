import { describe, expect, it } from 'vitest';
import { callApi, useSandbox } from '../../support/sandbox.mts';

const inDays = (days: number) => {
	const date = new Date(Date.now() + days * 24 * 3600 * 1000);
	return `${String(date.getUTCDate()).padStart(2, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${date.getUTCFullYear()}`;
};

describe('sandbox reward links', () => {
	const sandbox = useSandbox({ credentials: false });

	it('lists, details and generates links for campaigns', async () => {
		const list = await callApi(sandbox, 'xoxo_link.query.campaignList', {
			add_data: { limit: 10, offset: 0, name: '', enabled: '' },
		});
		expect(list.data.data.campaignList).toMatchObject({ success: 1, count: 25, errors: null });
		expect(list.data.data.campaignList.data).toHaveLength(10);
		const enabledOnly = await callApi(sandbox, 'xoxo_link.query.campaignList', {
			add_data: { limit: 100, offset: 0, enabled: 1 },
		});
		expect(
			enabledOnly.data.data.campaignList.data.every(
				(c: { status: string }) => c.status === 'enabled',
			),
		).toBe(true);

		const campaignId = list.data.data.campaignList.data[0].campaignId;
		const details = await callApi(sandbox, 'xoxo_link.mutation.campaignDetails', {
			data: { campaignId },
		});
		expect(details.data.data.campaignDetails.success).toBe(1);
		expect(details.data.data.campaignDetails.data[0]).toMatchObject({
			campaignId,
			currency_code: 'USD',
		});
		expect(details.data.data.campaignDetails.data[0].vouchers[0]).toHaveProperty('image');

		const generated = await callApi(
			sandbox,
			'xoxo_link.mutation.generateLink',
			{ data: { campaignId, links_quantity: 3, link_expiry: inDays(30) } },
			{ path: '/generateLink' },
		);
		expect(generated.data.data.generateLink).toMatchObject({
			success: 1,
			campaignId,
			currencyCode: 'USD',
		});
		expect(generated.data.data.generateLink.links).toHaveLength(3);

		const emailed = await callApi(
			sandbox,
			'xoxo_link.mutation.generateLinkEmail',
			{ data: { campaignId, email_ids: 'a@example.com,b@example.com', link_expiry: inDays(30) } },
			{ path: '/sendLinks' },
		);
		expect(emailed.data.data.generateLink.success).toBe(1);
	});

	it('reports an unknown campaign as success 0 on HTTP 200', async () => {
		const response = await callApi(sandbox, 'xoxo_link.mutation.generateLink', {
			data: { campaignId: 1, links_quantity: 1, link_expiry: inDays(5) },
		});
		expect(response.status).toBe(200);
		expect(response.data.data.generateLink.success).toBe(0);
		expect(response.data.data.generateLink.message).toMatch(/campaign/i);
		const expired = await callApi(sandbox, 'xoxo_link.mutation.generateLink', {
			data: { campaignId: 5001, links_quantity: 1, link_expiry: '01-01-2020' },
		});
		expect(expired.data.data.generateLink.success).toBe(0);
	});
});
