import { describe, expect, it } from 'vitest';

import { runPlumNode } from '../../../../support/engine.mts';
import { useSandbox } from '../../../../support/sandbox.mts';

const nextYear = `${new Date().getFullYear() + 1}-06-30`;

describe('link', () => {
	const sandbox = useSandbox();

	it('getCampaigns pages through every campaign; getCampaign returns one', async () => {
		const all = await runPlumNode(sandbox.helper, { parameters: { resource: 'link', operation: 'getCampaigns', returnAll: true } });
		expect(all.items).toHaveLength(25);
		const limited = await runPlumNode(sandbox.helper, { parameters: { resource: 'link', operation: 'getCampaigns', returnAll: false, limit: 3 } });
		expect(limited.items).toHaveLength(3);

		const one = await runPlumNode(sandbox.helper, { parameters: { resource: 'link', operation: 'getCampaign', campaignId: 5001 } });
		expect(one.items[0].json).toMatchObject({ campaignId: 5001 });
	});

	it('with Retry On Fail, generates no links twice (Plum has no key for them)', async () => {
		await sandbox.admin.addFault({ match: { op: 'generateLink' }, skip: 1, times: 1, action: 'status', status: 502 });

		const { items, error } = await runPlumNode(
			sandbox.helper,
			{
				parameters: { resource: 'link', operation: 'generate', campaignId: 5001, quantity: 2, expiryDate: nextYear },
				settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
			},
			[{}, {}, {}],
		);

		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([0, 0, 1, 1, 2, 2].map((item) => ({ item })));
		const batches = await sandbox.admin.links();
		expect(batches).toHaveLength(3);
		expect(new Set(items.map((item) => item.json.link)).size).toBe(6);
	});

	it('generate returns one item per link with the expiry in Plum\'s DD-MM-YYYY', async () => {
		const { items, error } = await runPlumNode(sandbox.helper, {
			parameters: { resource: 'link', operation: 'generate', campaignId: 5001, quantity: 3, expiryDate: nextYear },
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items[0].json).toMatchObject({ campaignId: 5001, linkExpiry: `30-06-${new Date().getFullYear() + 1}` });
		expect(String(items[0].json.link)).toMatch(/^https?:\/\//);
	});

	it('send emails links and validates the addresses first', async () => {
		const sent = await runPlumNode(sandbox.helper, {
			parameters: { resource: 'link', operation: 'send', campaignId: 5001, emails: 'ana@example.com, li@example.com', expiryDate: nextYear },
		});
		expect(sent.items[0].json).toMatchObject({ success: true, emails: ['ana@example.com', 'li@example.com'] });

		await sandbox.admin.clearRequests();
		const bad = await runPlumNode(sandbox.helper, {
			parameters: { resource: 'link', operation: 'send', campaignId: 5001, emails: 'ana@example.com, nope', expiryDate: nextYear },
		});
		expect(bad.error?.message).toMatch(/Invalid Emails: "nope"/);
		expect(await sandbox.admin.requests()).toHaveLength(0);
	});

	it('reports a failure Plum sends with HTTP 200', async () => {
		const { error } = await runPlumNode(sandbox.helper, {
			parameters: { resource: 'link', operation: 'generate', campaignId: 9999, quantity: 1, expiryDate: nextYear },
		});
		expect(error?.message).toMatch(/Plum could not complete generateLink: .*9999/);
	});
});
