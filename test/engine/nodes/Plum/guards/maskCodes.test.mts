import { describe, expect, it } from 'vitest';

import { runPlumNode } from '../../../../support/engine.mts';
import { useSandbox } from '../../../../support/sandbox.mts';
import { ana, orderCreate } from './fixtures.mts';

type Voucher = { voucherCode: string; pin: string };

function expectMasked(shown: Voucher, real: Voucher) {
	expect(real.voucherCode.length).toBeGreaterThan(4);
	expect(shown.voucherCode).toBe('*'.repeat(real.voucherCode.length - 4) + real.voucherCode.slice(-4));
	if (real.pin) expect(shown.pin).toBe('*'.repeat(real.pin.length - 4) + real.pin.slice(-4));
}

describe('Mask Codes', () => {
	const sandbox = useSandbox();

	it('order.create shows only the last 4 characters of each code and PIN', async () => {
		const { items, error } = await runPlumNode(sandbox.helper, { parameters: orderCreate({ maskCodes: true }, { quantity: 2 }) }, [ana]);
		expect(error).toBeUndefined();
		const [stored] = await sandbox.admin.orders('guard-r1');
		const shown = items[0].json.vouchers as Voucher[];
		// The seeded product's cards have a code and a PIN.
		expect(stored.vouchers[0].pin).not.toBe('');
		expect(shown).toHaveLength(2);
		shown.forEach((voucher, index) => expectMasked(voucher, stored.vouchers[index] as Voucher));
		expect(JSON.stringify(items)).not.toContain(stored.vouchers[0].voucherCode);
	});

	it('order.get masks them too, and shows them whole without the option', async () => {
		await runPlumNode(sandbox.helper, { parameters: orderCreate() }, [ana]);
		const [stored] = await sandbox.admin.orders('guard-r1');
		const get = (options: Record<string, unknown>) =>
			runPlumNode(sandbox.helper, { parameters: { resource: 'order', operation: 'get', lookupBy: 'poNumber', poNumber: 'guard-r1', options } });

		const masked = await get({ maskCodes: true });
		expect(masked.error).toBeUndefined();
		const maskedVouchers = (masked.items[0].json.vouchers ?? masked.items[0].json.voucherDetails) as Voucher[];
		expectMasked(maskedVouchers[0], stored.vouchers[0] as Voucher);
		expect(JSON.stringify(masked.items)).not.toContain(stored.vouchers[0].voucherCode);

		const whole = await get({});
		expect(JSON.stringify(whole.items)).toContain(stored.vouchers[0].voucherCode);
	});
});
