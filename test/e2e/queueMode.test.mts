/**
 * n8n in queue mode, end to end: PostgreSQL 15 and Redis started by the test, n8n main with
 * EXECUTIONS_MODE=queue, two `n8n worker` processes (concurrency 3 each) and one `n8n webhook`
 * processor, all on 127.0.0.1 with the packed package installed once in their shared user folder.
 * One cluster for the whole file (see useQueueCluster); each test adds its own executions.
 * Runs on n8n 2.40.7 and 1.123.81 (scripts/test.sh runs the e2e project once per version).
 *
 * To add a test: publish its workflow in `workflows`/`publish` below, start it with
 * postWebhook(cluster, path, body) (the webhook processor queues it, a worker runs it), read its
 * executions with waitForExecutions(cluster.n8n, id, n) and who ran them with workersByExecution.
 */
import { describe, expect, it } from 'vitest';

import type { SendOnceResult, WebhookPayload } from '../../sandbox/webhooks.mts';
import { waitForExecutions } from '../support/e2e.mts';
import { triggerWorkflow, type PublicExecution, type WorkflowEntry } from '../support/n8n.mts';
import { plumNode, testNode } from '../support/nodes.mts';
import { postWebhook, useQueueCluster, workersByExecution, type WebhookTarget } from '../support/queueMode.mts';

const CREDENTIAL = { id: 'PlumQueueCred001', name: 'Plum sandbox (queue)' };
const WEBHOOK_CREDENTIAL = { id: 'PlumQueueHook001', name: 'Plum webhook (queue)' };
const BALANCE_WORKFLOW = 'PlumQueueBalance';
const ORDERS_WORKFLOW = 'PlumQueueOrders1';
const TRIGGER_WORKFLOW = 'PlumQueueTrigger';
const BALANCE_PATH = 'plum-queue-balance';
const ORDERS_PATH = 'plum-queue-orders';
const REWARD_ONCE_WORKFLOW = 'PlumQueueOnce001';
const REWARD_ONCE_PATH = 'plum-queue-reward-once';
const TRIGGER_WEBHOOK_ID = '8d1f3b6a-2c4e-4f70-9a5b-6e0c1d7f2b94';
const API_KEY = 'queueHookKey123456789';
const PRODUCT_ID = 90001;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const WORKER_CONCURRENCY = 3;

/** One gift card order per item of the webhook's body.orders (PO number and email from the item). */
const ORDER_PARAMETERS = {
	resource: 'order',
	operation: 'create',
	productId: { __rl: true, mode: 'id', value: String(PRODUCT_ID) },
	denomination: 25,
	quantity: 1,
	poNumber: '={{ $json.poNumber }}',
	email: '={{ $json.email }}',
	notifyReceiverEmail: true,
	notifyAdminEmail: false,
};

/** Webhook → the given Plum node; the webhook answers with the Plum node's items. */
function webhookPlumWorkflow(id: string, name: string, webhookPath: string, webhookId: string, plumParameters: Record<string, unknown>, splitOut?: string): WorkflowEntry {
	// Webhook → (Items →) Plum.
	const afterWebhook = splitOut ? 'Items' : 'Plum';
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
		connections: {
			Webhook: { main: [[{ node: afterWebhook, type: 'main', index: 0 }]] },
			...(splitOut ? { Items: { main: [[{ node: 'Plum', type: 'main', index: 0 }]] } } : {}),
		},
		nodes: [
			testNode({
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				webhookId,
				parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			}),
			...(splitOut ? [testNode({ name: 'Items', type: 'n8n-nodes-base.splitOut', position: [220, 0], parameters: { fieldToSplitOut: splitOut, options: {} } })] : []),
			plumNode({
				position: [440, 0],
				parameters: plumParameters,
				credentials: { plumOAuth2Api: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
				settings: { onError: 'continueRegularOutput' },
			}),
		],
	};
}

const cluster = useQueueCluster({
	credential: CREDENTIAL,
	workers: 2,
	workerConcurrency: WORKER_CONCURRENCY,
	sandboxConfig: ({ webhook }) => ({
		// A rotated refresh token dies at once (no grace): two processes refreshing with one token cannot both win.
		oldRefreshTokenGraceSeconds: 0,
		// Plum's per-minute balance limit would make the executions wait minutes.
		rateLimitsEnabled: false,
		// Plum's delivery callbacks go to the webhook processor.
		webhook: { url: `${webhook}/webhook/${TRIGGER_WEBHOOK_ID}/webhook`, apiKey: API_KEY },
	}),
	credentials: [{ ...WEBHOOK_CREDENTIAL, type: 'plumWebhookApi', data: { apiKey: API_KEY } }],
	workflows: () => [
		webhookPlumWorkflow(BALANCE_WORKFLOW, 'Queue: Plum balance', BALANCE_PATH, '0b7e4c2d-5a1f-4e83-b6d9-3f2a8c1e7d50', { resource: 'balance', operation: 'get' }),
		webhookPlumWorkflow(
			ORDERS_WORKFLOW,
			'Queue: five orders',
			ORDERS_PATH,
			'4e9a2f7c-1d3b-4a6e-8c5f-7b0d2e9a1c36',
			ORDER_PARAMETERS,
			'body.orders',
		),
		webhookPlumWorkflow(
			REWARD_ONCE_WORKFLOW,
			'Queue: reward once per email',
			REWARD_ONCE_PATH,
			'6c2e8a41-7f3d-4b95-a0e6-2d9c5b7f1e83',
			{ ...ORDER_PARAMETERS, options: { rewardOnceKey: '={{ $json.email }}' } },
			'body.orders',
		),
		triggerWorkflow(TRIGGER_WORKFLOW, 'Queue: Plum delivery status', {
			webhookId: TRIGGER_WEBHOOK_ID,
			credentialId: WEBHOOK_CREDENTIAL.id,
			credentialName: WEBHOOK_CREDENTIAL.name,
		}),
	],
	publish: [BALANCE_WORKFLOW, ORDERS_WORKFLOW, REWARD_ONCE_WORKFLOW, TRIGGER_WORKFLOW],
});

/** The executions of a workflow started since `before` of them existed, once all `count` are stored. */
async function newExecutions(workflowId: string, before: number, count: number): Promise<PublicExecution[]> {
	const all = await waitForExecutions(cluster.n8n, workflowId, before + count, 90_000);
	return all.slice(0, all.length - before);
}

async function userTokens() {
	return (await cluster.admin.tokens()).clients.user;
}

describe('n8n queue mode: main, two workers and a webhook processor on Postgres and Redis', () => {
	it('(a) six executions at once on both workers with the token at its refresh age: one rotation, 0 failed executions, a live stored credential', async () => {
		// The seeded access token, issued 7 days and 7 hours ago: past Refresh After (7 days) in every
		// process whatever its spread (up to 6 hours), so each worker wants to refresh it at once.
		const seeded = cluster.seeded.user;
		await cluster.n8n.importCredentials([
			{
				...CREDENTIAL,
				type: 'plumOAuth2Api',
				data: {
					...cluster.credentialData(),
					accessToken: seeded.accessToken,
					accessIssuedAt: String(Date.now() - 7 * DAY_MS - 7 * HOUR_MS),
					accessExpiresAt: String(Date.now() + 7 * DAY_MS),
				},
			},
		]);
		expect((await userTokens()).refreshCount).toBe(0);
		// Both workers' refreshes are held 1.5 s at Plum, so that all six executions are under way
		// (three per worker: each takes at most WORKER_CONCURRENCY jobs) when the token rotates.
		await cluster.admin.addFault({ match: { op: 'refresh' }, times: 2, action: 'delay', delayMs: 1500 });

		const answers = await Promise.all(Array.from({ length: 6 }, async () => await postWebhook(cluster, BALANCE_PATH, {})));

		const executions = await newExecutions(BALANCE_WORKFLOW, 0, 6);
		const refreshes = (await cluster.admin.requests()).filter((request) => request.op === 'refresh');
		const ranOn = await workersByExecution(cluster);
		const workers = executions.map((execution) => ranOn.get(String(execution.id)));
		console.log(
			`(a) answers ${answers.map((answer) => answer.status).join(',')}; executions ${executions.map((execution) => execution.status).join(',')}; ` +
				`workers ${workers.map((worker) => (worker === undefined ? '?' : worker + 1)).join(',')}; refresh calls ${refreshes.map((request) => request.status).join(',')}`,
		);
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
		for (const answer of answers) expect(answer.data).toEqual([expect.objectContaining({ currency: expect.any(String) })]);
		expect(executions.map((execution) => execution.status)).toEqual(Array(6).fill('success'));
		expect(new Set(workers)).toEqual(new Set([0, 1]));

		// One rotation happened, and the stored credential holds the token it rotated into.
		const tokens = await userTokens();
		expect(tokens.refreshCount).toBe(1);
		expect(refreshes.filter((request) => request.status === 200)).toHaveLength(1);
		const stored = await cluster.n8n.credential(CREDENTIAL.id);
		expect(stored.data.refreshToken).toBe(tokens.currentRefreshToken);
		expect(tokens.liveRefreshTokens.map((token) => token.token)).toEqual([tokens.currentRefreshToken]);

		// A further execution works with the stored pair, without refreshing.
		const again = await postWebhook(cluster, BALANCE_PATH, {});
		expect(again.status).toBe(200);
		expect((await newExecutions(BALANCE_WORKFLOW, 6, 1))[0].status).toBe('success');
		expect((await userTokens()).refreshCount).toBe(1);
	});

	it('(b) the same five-order workflow started twice at once: five orders at Plum', async () => {
		const orders = Array.from({ length: 5 }, (_, index) => ({ poNumber: `QUEUE-PO-${index + 1}`, email: `q${index + 1}@example.com` }));
		const before = (await cluster.n8n.executions(ORDERS_WORKFLOW)).length;

		const [first, second] = await Promise.all([postWebhook(cluster, ORDERS_PATH, { orders }), postWebhook(cluster, ORDERS_PATH, { orders })]);

		const executions = await newExecutions(ORDERS_WORKFLOW, before, 2);
		const ranOn = await workersByExecution(cluster);
		const stored = (await cluster.admin.orders()).filter((order) => order.poNumber.startsWith('QUEUE-PO-'));
		const items = [first.data, second.data] as Array<Array<Record<string, unknown>>>;
		console.log(
			`(b) answers ${first.status},${second.status}; workers ${executions.map((execution) => (ranOn.get(String(execution.id)) ?? -1) + 1).join(',')}; ` +
				`orders at Plum ${stored.length}; replayed ${items.flat().filter((item) => item.replayed === true).length}; errors ${items.flat().filter((item) => item.error !== undefined).length}`,
		);
		expect([first.status, second.status]).toEqual([200, 200]);
		expect(executions.map((execution) => execution.status)).toEqual(['success', 'success']);
		expect(stored.map((order) => order.poNumber).sort()).toEqual(orders.map((order) => order.poNumber).sort());
		// Each run reports every PO number, with the one order Plum holds for it (or says why not).
		for (const run of items) {
			expect(run).toHaveLength(5);
			for (const [index, item] of run.entries()) {
				const atPlum = stored.find((order) => order.poNumber === orders[index].poNumber)!;
				if (item.error === undefined) expect(item).toMatchObject({ poNumber: orders[index].poNumber, orderId: atPlum.orderId });
			}
		}
	});

	it('(c) one callback id delivered three times at once: one execution within a process, at most one per process across the webhook processor and main; later repeats: none', async () => {
		const before = (await cluster.n8n.executions(TRIGGER_WORKFLOW)).length;
		const base = Date.now();
		const [oneProcessId, twoProcessesId, freshId] = [base, base + 1, base + 2];
		const payload = (id: number): WebhookPayload => ({
			id,
			data: { orderId: id, poNumber: `QUEUE-CB-${id}`, orderDate: '2026-11-22 10:00:00', deliveryStatus: 'delivered' },
			createdAt: '2026-11-22 10:05:00',
		}) as unknown as WebhookPayload;
		const urls: Record<WebhookTarget, string | undefined> = { webhook: undefined, main: `${cluster.n8n.url}/webhook/${TRIGGER_WEBHOOK_ID}/webhook` };
		const deliver = async (id: number, target: WebhookTarget) => await cluster.admin.sendWebhook({ payload: payload(id), url: urls[target] });
		// The trigger answers a duplicate with `ignored`; every other 200 starts one execution.
		const claimed = (answer: SendOnceResult) => answer.status === 200 && (answer.body as { ignored?: string }).ignored === undefined;

		// Three deliveries of one id at the same moment to one process (the webhook processor): one claims it.
		const oneProcess = await Promise.all((['webhook', 'webhook', 'webhook'] as const).map(async (target) => await deliver(oneProcessId, target)));
		// Three deliveries of another id at the same moment to the webhook processor (twice) and main.
		const twoTargets: WebhookTarget[] = ['webhook', 'main', 'webhook'];
		const twoProcesses = await Promise.all(twoTargets.map(async (target) => await deliver(twoProcessesId, target)));
		// Later repeats of both ids to both processes: all ignored (the ids are in the workflow's static data).
		const repeats = await Promise.all([oneProcessId, twoProcessesId].flatMap((id) => (['main', 'webhook'] as const).map(async (target) => await deliver(id, target))));
		// A fresh id last.
		const fresh = await deliver(freshId, 'main');

		const claimedPerProcess = (target: WebhookTarget) => twoProcesses.filter((answer, index) => twoTargets[index] === target && claimed(answer)).length;
		const expected = oneProcess.filter(claimed).length + twoProcesses.filter(claimed).length + 1;
		const executions = await newExecutions(TRIGGER_WORKFLOW, before, expected);
		const started = executions.map((execution) => Number(execution.data?.resultData.runData['Plum Trigger']?.[0]?.data?.main?.[0]?.[0]?.json.webhookId));
		const count = (id: number) => started.filter((started) => started === id).length;
		console.log(
			`(c) executions per id: one process ${count(oneProcessId)}, webhook processor + main ${count(twoProcessesId)} ` +
				`(claimed by the webhook processor ${claimedPerProcess('webhook')}, by main ${claimedPerProcess('main')}), repeats ${repeats.filter(claimed).length}, fresh ${count(freshId)}`,
		);
		for (const answer of [...oneProcess, ...twoProcesses, ...repeats, fresh]) expect(answer.status).toBe(200);
		expect(oneProcess.filter(claimed)).toHaveLength(1);
		expect(count(oneProcessId)).toBe(1);
		// n8n gives a webhook node no claim that is atomic across processes (README, Plum Trigger): each
		// process claims an id at most once, and deliveries at the very same moment to two processes
		// can both start.
		expect(claimedPerProcess('webhook')).toBeLessThanOrEqual(1);
		expect(claimedPerProcess('main')).toBeLessThanOrEqual(1);
		expect(count(twoProcessesId)).toBe(claimedPerProcess('webhook') + claimedPerProcess('main'));
		expect(count(twoProcessesId)).toBeGreaterThanOrEqual(1);
		expect(repeats.filter(claimed)).toHaveLength(0);
		expect(count(freshId)).toBe(1);
		expect(executions).toHaveLength(expected);
	});

	it('(d) Reward Once: one reward per key across executions on both workers, each with a new PO number', async () => {
		const email = 'once@example.com';
		const rewarded = (await postWebhook(cluster, REWARD_ONCE_PATH, { orders: [{ poNumber: 'QUEUE-ONCE-1', email }] })).data as Array<Record<string, unknown>>;
		const [first] = await newExecutions(REWARD_ONCE_WORKFLOW, 0, 1);
		const firstWorker = (await workersByExecution(cluster)).get(String(first.id));
		expect(rewarded).toEqual([expect.objectContaining({ poNumber: 'QUEUE-ONCE-1', orderId: expect.anything() })]);

		// Repeats with new PO numbers (so Plum's own PO number check cannot be what stops them), one at
		// a time, until one has run on the other worker: every one is skipped.
		const repeats: Array<{ item: Record<string, unknown>; worker: number | undefined }> = [];
		for (let index = 2; index <= 12 && !repeats.some((repeat) => repeat.worker !== firstWorker); index++) {
			const answer = await postWebhook(cluster, REWARD_ONCE_PATH, { orders: [{ poNumber: `QUEUE-ONCE-${index}`, email }] });
			const [execution] = await newExecutions(REWARD_ONCE_WORKFLOW, index - 1, 1);
			repeats.push({ item: (answer.data as Array<Record<string, unknown>>)[0], worker: (await workersByExecution(cluster)).get(String(execution.id)) });
		}
		const stored = (await cluster.admin.orders()).filter((order) => order.poNumber.startsWith('QUEUE-ONCE-'));
		console.log(`(d) first on worker ${(firstWorker ?? -1) + 1}; repeats on workers ${repeats.map((repeat) => (repeat.worker ?? -1) + 1).join(',')}; orders at Plum ${stored.length}`);
		expect(repeats.some((repeat) => repeat.worker !== undefined && repeat.worker !== firstWorker)).toBe(true);
		for (const { item } of repeats) expect(item).toMatchObject({ skipped: true, skipReason: 'alreadyRewarded', rewardOnceKey: email });
		expect(stored.map((order) => order.poNumber)).toEqual(['QUEUE-ONCE-1']);
	});
});
