import axios from 'axios';
import { afterEach, describe, expect, it } from 'vitest';

import { runPlumNode } from '../../../support/engine.mts';
import { SEEDED_PRODUCT_IDS, useSandbox } from '../../../support/sandbox.mts';
import { startTriggerServer } from '../../../support/webhook.mts';
import type { TriggerServer } from '../../../support/webhook.mts';

const API_KEY = 'plumWebhookKey2026abc';
const callback = (id: number, deliveryStatus = 'delivered', orderId = 7000001) => ({
	id,
	data: { orderId, poNumber: 'survey-r1', orderDate: '2026-11-20 10:00:00', deliveryStatus },
	createdAt: '2026-11-21 10:00:00',
});

describe('Plum Trigger webhook()', () => {
	const sandbox = useSandbox();
	let server: TriggerServer | undefined;

	afterEach(async () => {
		await server?.close();
		server = undefined;
	});

	async function listen(parameters: Record<string, unknown> = {}, options: { trustProxy?: number } = {}) {
		sandbox.store.set('plumWebhookApi', { apiKey: API_KEY });
		server = await startTriggerServer(sandbox.helper, { authentication: 'headerKey', events: ['delivered', 'canceled'], ...parameters }, options);
		return server;
	}

	/** A delayed (pending) gift card order placed through the Plum node. */
	async function placeDelayedOrder(poNumber: string, denomination: number): Promise<number> {
		const placed = await runPlumNode(sandbox.helper, {
			parameters: {
				resource: 'order',
				operation: 'create',
				productId: { __rl: true, mode: 'id', value: String(SEEDED_PRODUCT_IDS.delayed) },
				denomination,
				quantity: 1,
				poNumber,
				email: 'ana@example.com',
			},
		});
		return Number(placed.items[0].json.orderId);
	}

	/** Posts a callback and waits until the trigger has handled it to the end (it may answer Plum first). */
	async function post(body: unknown, headers: Record<string, string> = { 'x-api-key': API_KEY }) {
		const response = await axios.post(server!.url, body, { headers, validateStatus: () => true });
		await server!.settled();
		return response;
	}

	it('starts one execution with the callback for the right key', async () => {
		await listen();
		const response = await post(callback(1));
		expect(response.status).toBe(200);
		expect(server!.executions).toHaveLength(1);
		expect(server!.executions[0][0].json).toEqual({
			orderId: 7000001,
			poNumber: 'survey-r1',
			deliveryStatus: 'delivered',
			orderDate: '2026-11-20 10:00:00',
			createdAt: '2026-11-21 10:00:00',
			webhookId: 1,
		});
	});

	it('answers 401 and starts nothing for a wrong or missing key', async () => {
		await listen();
		expect((await post(callback(1), { 'x-api-key': 'wrong-key-123456' })).status).toBe(401);
		expect((await post(callback(2), {})).status).toBe(401);
		expect(server!.executions).toHaveLength(0);
	});

	it('accepts any caller with authentication none', async () => {
		await listen({ authentication: 'none' });
		expect((await post(callback(1), {})).status).toBe(200);
		expect(server!.executions).toHaveLength(1);
	});

	it('answers 400 and starts nothing for a body that is not a Plum callback', async () => {
		await listen();
		expect((await post({ hello: 'world' })).status).toBe(400);
		expect((await post({ id: 1, data: { orderId: 'five', deliveryStatus: 'delivered' } })).status).toBe(400);
		expect(server!.executions).toHaveLength(0);
	});

	it('acknowledges a status it does not know with 200 and starts nothing', async () => {
		await listen();
		const response = await post(callback(21, 'pending'));
		expect(response.status).toBe(200);
		expect(server!.executions).toHaveLength(0);
	});

	it('filters events and normalises the status case', async () => {
		await listen({ events: ['canceled'] });
		expect((await post(callback(1, 'Delivered'))).status).toBe(200);
		expect(server!.executions).toHaveLength(0);
		expect((await post(callback(2, 'Canceled'))).status).toBe(200);
		expect(server!.executions).toHaveLength(1);
		expect(server!.executions[0][0].json.deliveryStatus).toBe('canceled');
	});

	it('drops a callback whose id was already handled', async () => {
		await listen();
		await post(callback(7));
		const repeat = await post(callback(7));
		expect(repeat.status).toBe(200);
		expect(server!.executions).toHaveLength(1);
		// Remembered in the workflow's static data, which n8n saves with the execution.
		expect(JSON.stringify(server!.staticData())).toContain('"7"');
	});

	it('remembers every callback id it handled, not only the first, in the workflow\'s stored static data', async () => {
		await listen();
		for (const id of [7, 8, 9]) expect((await post(callback(id))).status).toBe(200);
		for (const id of [7, 8, 9]) expect((await post(callback(id))).data).toEqual({ received: true, ignored: 'duplicate callback' });

		expect(server!.executions).toHaveLength(3);
		// What survives a restart of n8n: the stored static data holds all three ids.
		const stored = JSON.stringify(server!.staticData());
		for (const id of ['7', '8', '9']) expect(stored).toContain(`"${id}"`);
	});

	it('remembers every id of deliveries that arrive close together (no lost updates of the static data)', async () => {
		await listen();
		await post(callback(50));

		await Promise.all([51, 52, 53].map(async (id) => await axios.post(server!.url, callback(id), { headers: { 'x-api-key': API_KEY }, validateStatus: () => true })));
		await server!.settled();

		const stored = JSON.stringify(server!.staticData());
		for (const id of ['50', '51', '52', '53']) expect(stored).toContain(`"${id}"`);
	});

	it('starts one execution for one callback id delivered three times at the same moment', async () => {
		await listen();
		await post(callback(1));

		const responses = await Promise.all([1, 2, 3].map(async () => await axios.post(server!.url, callback(30), { headers: { 'x-api-key': API_KEY }, validateStatus: () => true })));
		await server!.settled();

		expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
		expect(server!.executions.map((items) => items[0].json.webhookId)).toEqual([1, 30]);
	});

	it('answers Plum before fetching the order details, and never refreshes a token on the webhook path', async () => {
		const orderId = await placeDelayedOrder('delayed-3', 25);
		await sandbox.admin.completeOrder(orderId);
		await listen({ fetchOrderDetails: true });
		const stored = sandbox.store.get('plumOAuth2Api');
		const refreshes = async () => (await sandbox.admin.requests()).filter((request) => request.path.startsWith('/chef/v1/oauth/token/')).length;
		const before = await refreshes();

		// Past its refresh age but valid: sent as it is.
		sandbox.store.set('plumOAuth2Api', { ...stored, accessIssuedAt: String(Date.now() - 10 * 86_400_000) });
		await post(callback(41, 'delivered', orderId));
		expect(server!.executions[0][0].json).toMatchObject({ orderId, order: { orderId } });

		// Expired: no refresh, the workflow runs with the reason.
		sandbox.store.set('plumOAuth2Api', { ...stored, accessExpiresAt: String(Date.now() - 1000) });
		await post(callback(42, 'delivered', orderId));
		expect(server!.executions[1][0].json).toMatchObject({ orderId, orderDetailsError: expect.stringMatching(/expired and is refreshed on the next regular use/) });
		expect(await refreshes()).toBe(before);
	});

	it('applies the IP allow-list, trusting a forwarded address only when n8n trusts its proxy', async () => {
		await listen({ options: { allowedIps: '52.76.120.90' } });
		expect((await post(callback(1))).status).toBe(403);
		expect((await post(callback(2), { 'x-api-key': API_KEY, 'x-forwarded-for': '52.76.120.90' })).status).toBe(403);
		await server!.close();

		await listen({ options: { allowedIps: '52.76.120.90' } }, { trustProxy: 1 });
		expect((await post(callback(3), { 'x-api-key': API_KEY, 'x-forwarded-for': '52.76.120.90' })).status).toBe(200);
		expect(server!.executions).toHaveLength(1);

		await server!.close();
		await listen({ options: { allowedIps: '127.0.0.1' } });
		expect((await post(callback(4))).status).toBe(200);
	});

	it('adds the full order from Plum when asked to', async () => {
		const orderId = await placeDelayedOrder('delayed-1', 50);
		await sandbox.admin.completeOrder(orderId);
		await listen({ fetchOrderDetails: true });

		await post(callback(11, 'delivered', orderId));

		const [item] = server!.executions[0];
		expect(item.json).toMatchObject({ orderId, order: { orderId, deliveryStatus: 'delivered' } });
		expect(((item.json.order as { vouchers: unknown[] }).vouchers ?? []).length).toBeGreaterThan(0);
	});

	it('still starts the workflow, with the reason, when the order details cannot be fetched', async () => {
		await listen({ fetchOrderDetails: true });
		const response = await post(callback(12, 'delivered', 424242));
		expect(response.status).toBe(200);
		expect(server!.executions).toHaveLength(1);
		expect(server!.executions[0][0].json).toMatchObject({ orderId: 424242, orderDetailsError: 'Plum has no order with the order ID 424242' });
	});

	it('receives the sandbox\'s own delivery callback once, even when it is sent again', async () => {
		await listen();
		await sandbox.reset({ webhook: { url: server!.url, apiKey: API_KEY } });
		sandbox.store.set('plumWebhookApi', { apiKey: API_KEY });
		const orderId = await placeDelayedOrder('delayed-2', 25);

		const completed = await sandbox.admin.completeOrder(orderId);
		expect(server!.executions).toHaveLength(1);
		expect(server!.executions[0][0].json).toMatchObject({ orderId, poNumber: 'delayed-2', deliveryStatus: 'delivered' });

		const again = await sandbox.admin.sendWebhook({ payload: completed.webhook?.payload });
		expect(again.status).toBe(200);
		const forged = await sandbox.admin.sendWebhook({ payload: { ...callback(99), data: { ...callback(99).data, orderId } }, headers: { 'x-api-key': 'forged-key-0000000' } });
		expect(forged.status).toBe(401);
		expect(server!.executions).toHaveLength(1);
	});
});
