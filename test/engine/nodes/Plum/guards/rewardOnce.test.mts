import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { orderRecovery } from '../../../../../nodes/Plum/api/placeOrderOnce';
import { installDeduplicator } from '../../../../support/deduplication.mts';
import { runPlumNode } from '../../../../support/engine.mts';
import { useSandbox } from '../../../../support/sandbox.mts';
import { ana, li, linkGenerate, orderCreate, pointsSend } from './fixtures.mts';

let workflows = 0;
/** A fresh workflow ID per test: n8n's deduplication store keeps the keys per workflow. */
const newWorkflow = () => `reward-once-${++workflows}`;

const skipped = (key: string) => ({ skipped: true, skipReason: 'alreadyRewarded', rewardOnceKey: key });

describe('Reward Once (n8n-core deduplication helpers, scope workflow)', () => {
	describe('order.create', () => {
		const sandbox = useSandbox();
		const placeOrderCalls = async () => (await sandbox.admin.requests()).filter((request) => request.op === 'placeOrder').length;

		// Plum's realtime window is 120 s; the same rules run here on a 3-second one.
		const realWindow = { ...orderRecovery };
		beforeAll(() => Object.assign(orderRecovery, { windowMs: 3_000, firstLookupMs: 200 }));
		afterAll(() => Object.assign(orderRecovery, realWindow));

		it('rewards a key once across executions: the repeat is skipped and sends nothing, even under a new PO number', async () => {
			const workflowId = newWorkflow();
			const parameters = orderCreate({ rewardOnceKey: '={{ $json.email }}' });

			const first = await runPlumNode(sandbox.helper, { parameters, workflowId }, [ana]);
			expect(first.error).toBeUndefined();
			expect(first.items[0].json).toMatchObject({ poNumber: 'guard-r1', replayed: false });

			const second = await runPlumNode(sandbox.helper, { parameters, workflowId }, [{ ...ana, responseId: 'r1-again' }, li]);
			expect(second.error).toBeUndefined();
			expect(second.items.map((item) => item.json)).toEqual([skipped('ana@example.com'), expect.objectContaining({ poNumber: 'guard-r2' })]);
			expect(second.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			expect(await sandbox.admin.orders('guard-r1-again')).toHaveLength(0);
			expect(await placeOrderCalls()).toBe(2);
			expect((await installDeduplicator()).count(workflowId)).toBe(2);
		});

		it('two items of one execution with one key give one reward', async () => {
			const { items, error } = await runPlumNode(
				sandbox.helper,
				{ parameters: orderCreate({ rewardOnceKey: 'same-person' }), workflowId: newWorkflow() },
				[ana, li],
			);
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ poNumber: 'guard-r1', replayed: false });
			expect(items[1].json).toEqual(skipped('same-person'));
			expect(await placeOrderCalls()).toBe(1);
		});

		it('keeps keys per workflow: another workflow rewards the same key again', async () => {
			const parameters = orderCreate({ rewardOnceKey: '={{ $json.email }}' });
			await runPlumNode(sandbox.helper, { parameters, workflowId: newWorkflow() }, [ana]);
			const other = await runPlumNode(sandbox.helper, { parameters: orderCreate({ rewardOnceKey: '={{ $json.email }}' }, { poNumber: 'other-wf' }), workflowId: newWorkflow() }, [ana]);
			expect(other.error).toBeUndefined();
			expect(other.items[0].json).toMatchObject({ poNumber: 'other-wf', replayed: false });
		});

		it('a refused order does not mark the key: the next execution rewards it', async () => {
			const workflowId = newWorkflow();
			const parameters = orderCreate({ rewardOnceKey: '={{ $json.email }}' });
			await sandbox.reset({ balance: { value: 10 } });

			const refused = await runPlumNode(sandbox.helper, { parameters, workflowId }, [ana]);
			expect(refused.error?.message).toMatch(/balance/i);
			expect((await installDeduplicator()).count(workflowId)).toBe(0);

			await sandbox.reset();
			const retried = await runPlumNode(sandbox.helper, { parameters, workflowId }, [ana]);
			expect(retried.error).toBeUndefined();
			expect(retried.items[0].json).toMatchObject({ poNumber: 'guard-r1', replayed: false });
			expect((await installDeduplicator()).count(workflowId)).toBe(1);
		});

		it('two executions at the same moment with one key give one reward', async () => {
			const workflowId = newWorkflow();
			const parameters = orderCreate({ rewardOnceKey: 'same-person' });
			// The store's reads are held until both executions have asked (or 2 s passed): their checks cross.
			(await installDeduplicator()).holdReads(2);
			const runs = await Promise.all([
				runPlumNode(sandbox.helper, { parameters, workflowId }, [ana]),
				runPlumNode(sandbox.helper, { parameters, workflowId }, [li]),
			]);
			const outputs = runs.map((run) => run.items[0].json);
			expect(outputs.filter((json) => json.skipped === true)).toHaveLength(1);
			expect(outputs.filter((json) => json.replayed === false)).toHaveLength(1);
			expect(await placeOrderCalls()).toBe(1);
		});

		it('with Retry On Fail, the retry of an order whose answer was lost returns it, and the key stays rewarded', async () => {
			const workflowId = newWorkflow();
			const parameters = orderCreate({ rewardOnceKey: '={{ $json.email }}' });
			await sandbox.admin.addFault({ match: { op: 'placeOrder' }, times: 1, action: 'drop-after-commit' });
			await sandbox.admin.addFault({ match: { op: 'getOrderDetails' }, times: 3, action: 'status', status: 503 });

			const retried = await runPlumNode(sandbox.helper, { parameters, workflowId, settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 } }, [ana]);
			expect(retried.error).toBeUndefined();
			expect(retried.items[0].json).toMatchObject({ poNumber: 'guard-r1', replayed: true });

			const again = await runPlumNode(sandbox.helper, { parameters, workflowId }, [{ ...ana, responseId: 'r9' }]);
			expect(again.items[0].json).toEqual(skipped('ana@example.com'));
			expect(await sandbox.admin.orders()).toHaveLength(1);
		});

		it('an unknown outcome keeps the key (the reward may have gone out) and says so', async () => {
			const workflowId = newWorkflow();
			const parameters = orderCreate({ rewardOnceKey: '={{ $json.email }}' });
			await sandbox.admin.addFault({ match: { op: 'placeOrder' }, times: 1, action: 'drop-after-commit' });
			await sandbox.admin.addFault({ match: { op: 'getOrderDetails' }, times: 3, action: 'status', status: 503 });

			const failed = await runPlumNode(sandbox.helper, { parameters, workflowId }, [ana]);
			expect(failed.error?.message).toMatch(/may or may not have been placed/);
			expect(failed.error?.description).toMatch(/Reward Once Key "ana@example.com" stays marked as rewarded/);

			const again = await runPlumNode(sandbox.helper, { parameters, workflowId }, [ana]);
			expect(again.items[0].json).toEqual(skipped('ana@example.com'));
			expect(await sandbox.admin.orders()).toHaveLength(1);
		});

		it('records the key again once the reward went out, in case another process\'s write dropped the claim', async () => {
			const workflowId = newWorkflow();
			const parameters = orderCreate({ rewardOnceKey: '={{ $json.email }}' });
			(await installDeduplicator()).dropNextWrite();

			const first = await runPlumNode(sandbox.helper, { parameters, workflowId }, [ana]);
			expect(first.items[0].json).toMatchObject({ replayed: false });
			expect((await installDeduplicator()).count(workflowId)).toBe(1);

			const again = await runPlumNode(sandbox.helper, { parameters, workflowId }, [{ ...ana, responseId: 'r9' }]);
			expect(again.items[0].json).toEqual(skipped('ana@example.com'));
		});

		it('refuses a key an expression wrote from a missing field, before anything is sent', async () => {
			const { items } = await runPlumNode(
				sandbox.helper,
				{ parameters: orderCreate({ rewardOnceKey: '={{ "resp-" + $json.respnseId }}' }), settings: { continueOnFail: true }, workflowId: newWorkflow() },
				[ana],
			);
			expect(items[0].json.error).toMatch(/Reward Once Key.*undefined/);
			expect(await placeOrderCalls()).toBe(0);
		});
	});

	describe('points.send', () => {
		const sandbox = useSandbox({ tokenType: 'company' });

		it('grants a key once across executions', async () => {
			const workflowId = newWorkflow();
			const parameters = pointsSend({ rewardOnceKey: '={{ $json.email }}' });

			const first = await runPlumNode(sandbox.helper, { parameters, workflowId }, [ana]);
			expect(first.error).toBeUndefined();
			expect(first.items[0].json).toMatchObject({ recipientEmail: 'ana@example.com', success: true });

			const second = await runPlumNode(sandbox.helper, { parameters, workflowId }, [ana, li]);
			expect(second.error).toBeUndefined();
			expect(second.items[0].json).toEqual(skipped('ana@example.com'));
			expect(second.items[1].json).toMatchObject({ recipientEmail: 'li@example.com', success: true });
			expect((await sandbox.admin.points()).map((grant) => JSON.stringify(grant)).filter((grant) => grant.includes('ana@example.com'))).toHaveLength(1);
		});

		it('records the key again once the grant went out', async () => {
			const workflowId = newWorkflow();
			(await installDeduplicator()).dropNextWrite();
			const first = await runPlumNode(sandbox.helper, { parameters: pointsSend({ rewardOnceKey: 'ana' }), workflowId }, [ana]);
			expect(first.items[0].json).toMatchObject({ success: true });
			expect((await installDeduplicator()).count(workflowId)).toBe(1);
		});

		it('a refused grant does not mark the key', async () => {
			const workflowId = newWorkflow();
			await sandbox.admin.addFault({ match: { op: 'sendBalance' }, times: 1, action: 'status', status: 400, body: { error: true, errorId: 'PLE10001', message: 'refused' } });
			const refused = await runPlumNode(sandbox.helper, { parameters: pointsSend({ rewardOnceKey: 'ana' }), workflowId }, [ana]);
			expect(refused.error).toBeDefined();
			expect((await installDeduplicator()).count(workflowId)).toBe(0);

			const retried = await runPlumNode(sandbox.helper, { parameters: pointsSend({ rewardOnceKey: 'ana' }), workflowId }, [ana]);
			expect(retried.error).toBeUndefined();
			expect(retried.items[0].json).toMatchObject({ success: true });
		});
	});

	describe('link.generate', () => {
		const sandbox = useSandbox();

		it('generates a key\'s links once across executions', async () => {
			const workflowId = newWorkflow();
			const parameters = linkGenerate({ rewardOnceKey: '={{ $json.email }}' });
			const first = await runPlumNode(sandbox.helper, { parameters, workflowId }, [ana]);
			expect(first.error).toBeUndefined();
			expect(String(first.items[0].json.link)).toMatch(/^https?:\/\//);

			const second = await runPlumNode(sandbox.helper, { parameters, workflowId }, [ana]);
			expect(second.items.map((item) => item.json)).toEqual([skipped('ana@example.com')]);
			expect(await sandbox.admin.links()).toHaveLength(1);
		});
	});
});
