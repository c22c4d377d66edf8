import { describe, expect, it } from 'vitest';

import { runPlumNode } from '../../../../support/engine.mts';
import { useSandbox } from '../../../../support/sandbox.mts';

const today = new Date().toISOString().slice(0, 10);
const getPayments = { parameters: { resource: 'payment', operation: 'getAll', startDate: '2020-01-01', endDate: today, returnAll: true } };

describe('payment.getAll', () => {
	const sandbox = useSandbox();

	for (const paymentEnvelope of ['any', 'dataData', 'variablesData', 'data'] as const) {
		it(`works when Plum reads the ${paymentEnvelope} envelope`, async () => {
			await sandbox.reset({ paymentEnvelope });
			const { items, error } = await runPlumNode(sandbox.helper, getPayments);
			expect(error).toBeUndefined();
			expect(items.length).toBeGreaterThan(0);
			expect(typeof items[0].json.closing_balance).toBe('number');
		});
	}

	it('reads the result under getPaymentReport too', async () => {
		await sandbox.reset({ paymentResponseKey: 'getPaymentReport' });
		const { items, error } = await runPlumNode(sandbox.helper, getPayments);
		expect(error).toBeUndefined();
		expect(items.length).toBeGreaterThan(0);
	});
});
