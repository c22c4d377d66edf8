/**
 * End to end in a real n8n (CLI, one `n8n execute` process per run): Reward Once keeps its keys in
 * n8n's own deduplication store (its database) across executions, Validate Only sends nothing that
 * spends money, Mask Codes keeps voucher codes and PINs out of the execution data.
 */
import { describe, expect, it } from 'vitest';

import { useN8nWithSandbox } from '../support/e2e.mts';
import { nodeOutput } from '../support/n8n.mts';
import { SEEDED_PRODUCT_IDS } from '../support/sandbox.mts';

const CREDENTIAL = { id: 'PlumGuardsCred01', name: 'Plum sandbox' };
const REWARD_ONCE_ID = 'PlumE2eRewOnce01';
const VALIDATE_ONLY_ID = 'PlumE2eValidOn01';
const VALIDATE_LINK_ID = 'PlumE2eValidLn01';
const MASK_CODES_ID = 'PlumE2eMaskCod01';

function order(poNumber: string, options: Record<string, unknown>) {
	return {
		resource: 'order',
		operation: 'create',
		productId: { __rl: true, mode: 'id', value: String(SEEDED_PRODUCT_IDS.realtimeFixed) },
		denomination: 25,
		quantity: 1,
		poNumber,
		email: 'respondent@example.com',
		notifyReceiverEmail: true,
		notifyAdminEmail: false,
		options,
	};
}

const e2e = useN8nWithSandbox({
	credential: CREDENTIAL,
	workflows: ({ plumWorkflow }) => [
		// A new PO number per execution: only Reward Once stops the second reward.
		plumWorkflow(REWARD_ONCE_ID, 'E2E: reward once', order('={{ "e2e-once-" + $execution.id }}', { rewardOnceKey: 'respondent-42' })),
		plumWorkflow(VALIDATE_ONLY_ID, 'E2E: validate only', order('e2e-validate-1', { validateOnly: true, rewardOnceKey: 'respondent-7', maxTotalValue: 100 })),
		plumWorkflow(VALIDATE_LINK_ID, 'E2E: validate only link', {
			resource: 'link',
			operation: 'generate',
			campaignId: 5001,
			quantity: 2,
			expiryDate: `${new Date().getFullYear() + 1}-06-30`,
			options: { validateOnly: true },
		}),
		plumWorkflow(MASK_CODES_ID, 'E2E: mask codes', order('e2e-mask-1', { maskCodes: true })),
	],
});

describe('Guards in a real n8n (CLI)', () => {
	it('Reward Once: a second execution with the same key sends nothing', async () => {
		const first = nodeOutput(await e2e.n8n.execute(REWARD_ONCE_ID), 'Plum');
		expect(first).toHaveLength(1);
		expect(first[0]).toMatchObject({ replayed: false, deliveryStatus: 'delivered' });
		expect(String(first[0].poNumber)).toMatch(/^e2e-once-/);

		const second = nodeOutput(await e2e.n8n.execute(REWARD_ONCE_ID), 'Plum');
		expect(second).toEqual([{ skipped: true, skipReason: 'alreadyRewarded', rewardOnceKey: 'respondent-42' }]);

		const placed = (await e2e.admin.requests()).filter((request) => request.op === 'placeOrder');
		expect(placed).toHaveLength(1);
		expect((await e2e.admin.orders()).filter((stored) => stored.poNumber.startsWith('e2e-once-'))).toHaveLength(1);
	});

	it('Validate Only: returns the requests it would send, orders and generates nothing, records no key', async () => {
		const validated = nodeOutput(await e2e.n8n.execute(VALIDATE_ONLY_ID), 'Plum');
		expect(validated).toEqual([
			expect.objectContaining({
				validateOnly: true,
				poNumber: 'e2e-validate-1',
				rewardOnceKey: 'respondent-7',
				request: expect.objectContaining({ body: expect.objectContaining({ query: 'plumProAPI.mutation.placeOrder' }) }),
			}),
		]);
		// Run again: the key is still free (validate-only records none).
		expect(nodeOutput(await e2e.n8n.execute(VALIDATE_ONLY_ID), 'Plum')[0]).toMatchObject({ validateOnly: true });

		const links = nodeOutput(await e2e.n8n.execute(VALIDATE_LINK_ID), 'Plum');
		expect(links).toEqual([expect.objectContaining({ validateOnly: true, campaignId: 5001, quantity: 2 })]);

		expect(await e2e.admin.orders('e2e-validate-1')).toHaveLength(0);
		expect(await e2e.admin.links()).toHaveLength(0);
		expect((await e2e.admin.requests()).filter((request) => ['placeOrder', 'generateLink'].includes(request.op ?? '') && JSON.stringify(request).includes('e2e-validate'))).toHaveLength(0);
	});

	it('Mask Codes: the execution data holds only the last 4 characters of codes and PINs', async () => {
		const run = await e2e.n8n.execute(MASK_CODES_ID);
		const [stored] = await e2e.admin.orders('e2e-mask-1');
		const [voucher] = stored.vouchers as Array<{ voucherCode: string; pin: string }>;
		const [shown] = nodeOutput(run, 'Plum')[0].vouchers as Array<{ voucherCode: string; pin: string }>;

		expect(shown.voucherCode).toBe('*'.repeat(voucher.voucherCode.length - 4) + voucher.voucherCode.slice(-4));
		expect(voucher.pin).not.toBe('');
		expect(shown.pin).toBe('*'.repeat(voucher.pin.length - 4) + voucher.pin.slice(-4));
		expect(JSON.stringify(run)).not.toContain(voucher.voucherCode);
	});
});
