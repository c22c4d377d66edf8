import { describe, expect, it } from 'vitest';

import { runPlumNode } from '../../../../support/engine.mts';
import { useSandbox } from '../../../../support/sandbox.mts';

const send = {
	parameters: {
		resource: 'points',
		operation: 'send',
		senderEmail: 'admin@example.com',
		recipientName: '={{ $json.name }}',
		recipientEmail: '={{ $json.email }}',
		amount: '={{ $json.points }}',
		citation: 'Thanks for the survey',
	},
};

describe('points', () => {
	const sandbox = useSandbox({ tokenType: 'company' });

	it('sends many items in as few requests as Plum allows and pairs each result to its item', async () => {
		const people = Array.from({ length: 60 }, (_, index) => ({ name: `P${index}`, email: `p${index}@example.com`, points: 10 + index }));

		const { items, error } = await runPlumNode(sandbox.helper, send, people);

		expect(error).toBeUndefined();
		expect(items).toHaveLength(60);
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ recipientEmail: `p${index}@example.com`, amount: 10 + index, success: true });
		});
		expect((await sandbox.admin.requests()).filter((request) => request.op === 'sendBalance')).toHaveLength(2);
	});

	it('stops before sending anything when one item is invalid', async () => {
		const { error } = await runPlumNode(sandbox.helper, send, [
			{ name: 'A', email: 'a@example.com', points: 5 },
			{ name: 'B', email: 'b@', points: 5 },
		]);
		expect(error?.message).toMatch(/Invalid Recipient Email: "b@"/);
		expect(await sandbox.admin.requests()).toHaveLength(0);
	});

	it('with Continue On Fail, sends the valid items and returns an error item for the bad one', async () => {
		const { items } = await runPlumNode(sandbox.helper, { ...send, settings: { onError: 'continueRegularOutput' } }, [
			{ name: 'A', email: 'a@example.com', points: 5 },
			{ name: 'B', email: 'b@example.com', points: -1 },
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json.success).toBe(true);
		expect(items[1].json.error).toMatch(/Invalid Amount: -1/);
	});

	it('gets a balance and cancels sent points', async () => {
		const sent = await runPlumNode(sandbox.helper, send, [{ name: 'A', email: 'a@example.com', points: 40 }]);
		const balance = await runPlumNode(sandbox.helper, { parameters: { resource: 'points', operation: 'getBalance', email: 'a@example.com' } });
		expect(balance.items[0].json).toMatchObject({ email: 'a@example.com', total: 40 });

		const cancel = await runPlumNode(sandbox.helper, { parameters: { resource: 'points', operation: 'cancel', uniqueId: String(sent.items[0].json.unique_id) } });
		expect(cancel.error).toBeUndefined();
		expect(cancel.items[0].json).toMatchObject({ success: true });
	});

	it('names the token type it needs when given a user credential', async () => {
		await sandbox.reset({}, 'user');
		const { error } = await runPlumNode(sandbox.helper, send, [{ name: 'A', email: 'a@example.com', points: 5 }]);
		expect(error?.message).toMatch(/Token Type "company"/);
		expect(error?.description).toMatch(/Storefront Integration/);
	});
});
