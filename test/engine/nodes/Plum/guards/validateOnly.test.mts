import { describe, expect, it } from 'vitest';

import { installDeduplicator } from '../../../../support/deduplication.mts';
import { runPlumNode } from '../../../../support/engine.mts';
import { useSandbox } from '../../../../support/sandbox.mts';
import { ana, li, linkGenerate, orderCreate, pointsSend } from './fixtures.mts';

let workflows = 0;
const newWorkflow = () => `validate-only-${++workflows}`;

/** The ops of the calls that spend money. */
const SPENDING = new Set(['placeOrder', 'sendBalance', 'generateLink']);

describe('Validate Only', () => {
	describe('order.create', () => {
		const sandbox = useSandbox();
		const spent = async () => (await sandbox.admin.requests()).filter((request) => SPENDING.has(request.op ?? ''));

		it('runs the checks and returns the request it would send, placing nothing', async () => {
			const { items, error } = await runPlumNode(sandbox.helper, { parameters: orderCreate({ validateOnly: true }) }, [ana, li]);

			expect(error).toBeUndefined();
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			expect(items[0].json).toMatchObject({
				validateOnly: true,
				poNumber: 'guard-r1',
				denomination: 25,
				quantity: 1,
				email: 'ana@example.com',
				request: { path: '/v1/oauth/api', body: { query: 'plumProAPI.mutation.placeOrder', variables: { data: expect.objectContaining({ poNumber: 'guard-r1', denomination: 25 }) } } },
			});
			expect(await spent()).toEqual([]);
			expect(await sandbox.admin.orders()).toHaveLength(0);
		});

		it('still refuses what a run would refuse (a denomination the product does not offer)', async () => {
			const { error } = await runPlumNode(sandbox.helper, { parameters: orderCreate({ validateOnly: true }, { denomination: 33 }) }, [ana]);
			expect(error?.message).toMatch(/Denomination/);
			expect(await spent()).toEqual([]);
		});

		it('runs the budget guards too: over Max Total Value every item fails, below Minimum Balance the item fails', async () => {
			const capped = await runPlumNode(sandbox.helper, { parameters: orderCreate({ validateOnly: true, maxTotalValue: 40 }), settings: { continueOnFail: true } }, [ana, li]);
			expect(capped.items.map((item) => item.json.error)).toEqual([expect.stringMatching(/Max Total Value 40 exceeded.*50/), expect.stringMatching(/Max Total Value 40 exceeded/)]);

			await sandbox.reset({ balance: { value: 100 } });
			const floored = await runPlumNode(sandbox.helper, { parameters: orderCreate({ validateOnly: true, minBalance: 60 }), settings: { continueOnFail: true } }, [ana, li]);
			expect(floored.items[0].json).toMatchObject({ validateOnly: true });
			expect(floored.items[1].json.error).toMatch(/Minimum Balance 60.*balance of 100 USD/);
			expect(await spent()).toEqual([]);
		});

		it('says which PO number Plum already has for this reward (a run would replay it)', async () => {
			await runPlumNode(sandbox.helper, { parameters: orderCreate() }, [ana]);
			const { items } = await runPlumNode(sandbox.helper, { parameters: orderCreate({ validateOnly: true }) }, [ana]);
			expect(items[0].json).toMatchObject({ validateOnly: true, poNumber: 'guard-r1', existingOrderId: expect.any(Number) });
			expect(await sandbox.admin.orders('guard-r1')).toHaveLength(1);
		});

		it('with Reward Once, shows a rewarded key as skipped and records no new key', async () => {
			const workflowId = newWorkflow();
			await runPlumNode(sandbox.helper, { parameters: orderCreate({ rewardOnceKey: '={{ $json.email }}' }), workflowId }, [ana]);

			const { items, error } = await runPlumNode(
				sandbox.helper,
				{ parameters: orderCreate({ rewardOnceKey: '={{ $json.email }}', validateOnly: true }), workflowId },
				[ana, li, { ...li, responseId: 'r3' }],
			);
			expect(error).toBeUndefined();
			expect(items.map((item) => item.json.skipped ?? item.json.validateOnly)).toEqual([true, true, true]);
			expect(items[0].json).toEqual({ skipped: true, skipReason: 'alreadyRewarded', rewardOnceKey: 'ana@example.com' });
			expect(items[1].json).toMatchObject({ validateOnly: true, rewardOnceKey: 'li@example.com' });
			// The third item repeats the second's key: a real run would skip it.
			expect(items[2].json).toMatchObject({ skipped: true, rewardOnceKey: 'li@example.com' });
			expect((await installDeduplicator()).count(workflowId)).toBe(1);
			expect(await sandbox.admin.orders()).toHaveLength(1);
		});
	});

	describe('points.send', () => {
		const sandbox = useSandbox({ tokenType: 'company' });

		it('returns the grant it would send and sends none', async () => {
			const { items, error } = await runPlumNode(sandbox.helper, { parameters: pointsSend({ validateOnly: true }) }, [ana, li]);
			expect(error).toBeUndefined();
			expect(items[1].json).toMatchObject({
				validateOnly: true,
				recipientEmail: 'li@example.com',
				amount: 10,
				request: { body: { variables: { recipients_data: { sender_email: 'admin@example.com', recipients: [expect.objectContaining({ to_email: 'li@example.com' })] } } } },
			});
			expect((await sandbox.admin.requests()).filter((request) => request.op === 'sendBalance')).toEqual([]);
			expect(await sandbox.admin.points()).toHaveLength(0);
		});

		it('checks the token type as a run would', async () => {
			await sandbox.reset(undefined, 'user');
			const { error } = await runPlumNode(sandbox.helper, { parameters: pointsSend({ validateOnly: true }) }, [ana]);
			expect(error?.message).toMatch(/company/i);
		});
	});

	describe('link.generate', () => {
		const sandbox = useSandbox();

		it('returns the request it would send and generates no link', async () => {
			const { items, error } = await runPlumNode(sandbox.helper, { parameters: linkGenerate({ validateOnly: true }) });
			expect(error).toBeUndefined();
			expect(items).toHaveLength(1);
			expect(items[0].json).toMatchObject({ validateOnly: true, campaignId: 5001, quantity: 1, request: { body: { variables: { data: { campaignId: 5001, links_quantity: 1 } } } } });
			expect(await sandbox.admin.links()).toHaveLength(0);
		});
	});
});
