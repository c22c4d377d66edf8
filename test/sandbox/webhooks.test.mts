import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEDED_PRODUCT_IDS } from '../../sandbox/catalogue.mts';
import { callApi, useSandbox } from '../support/sandbox.mts';

interface Received {
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** A tiny receiver that answers the next queued statuses (then 200) and keeps what it got. */
function startReceiver() {
	const received: Received[] = [];
	const statuses: number[] = [];
	const server = http.createServer((request, response) => {
		let body = '';
		request.on('data', (chunk) => (body += chunk));
		request.on('end', () => {
			received.push({ headers: request.headers, body });
			response.statusCode = statuses.shift() ?? 200;
			response.setHeader('content-type', 'application/json');
			response.end(JSON.stringify({ ok: response.statusCode === 200 }));
		});
	});
	return { server, received, statuses };
}

describe('sandbox webhooks', () => {
	const receiver = startReceiver();
	let receiverUrl = '';
	beforeAll(async () => {
		await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
		receiverUrl = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hook`;
	});
	afterAll(() => new Promise<void>((resolve) => receiver.server.close(() => resolve())));

	const sandbox = useSandbox({ credentials: false });

	const placeDelayed = async (poNumber: string): Promise<number> => {
		const response = await callApi(sandbox, 'plumProAPI.mutation.placeOrder', {
			data: { productId: SEEDED_PRODUCT_IDS.delayed, quantity: 1, denomination: 25, poNumber },
		});
		return response.data.data.placeOrder.data.orderId;
	};

	it('never repeats a callback id, even across resets (receivers drop ids they have handled)', async () => {
		const ids: number[] = [];
		for (const poNumber of ['WH-ID-1', 'WH-ID-2']) {
			await sandbox.reset({ webhook: { url: receiverUrl } });
			const result = await sandbox.admin.completeOrder(await placeDelayed(poNumber));
			ids.push(result.webhook!.payload.id);
		}
		expect(ids[1]).not.toBe(ids[0]);
	});

	it('posts the delivery callback with the x-api-key header', async () => {
		await sandbox.reset({
			webhook: { url: receiverUrl, apiKey: 'sandboxKey1234567' },
		});
		receiver.received.length = 0;
		const orderId = await placeDelayed('WH-1');
		const result = await sandbox.admin.completeOrder(orderId);
		expect(result.webhook).toMatchObject({ status: 'delivered', attempts: 1 });
		expect(receiver.received).toHaveLength(1);
		expect(receiver.received[0].headers['x-api-key']).toBe('sandboxKey1234567');
		const payload = JSON.parse(receiver.received[0].body);
		expect(payload).toMatchObject({
			data: { orderId, poNumber: 'WH-1', deliveryStatus: 'delivered' },
		});
		expect(Number.isInteger(payload.id)).toBe(true);
		expect(payload.createdAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		expect(payload.data.orderDate).toHaveLength(19);
	});

	it('retries 3 times, then disables the webhook until re-enabled', async () => {
		await sandbox.reset({
			webhook: { url: receiverUrl, retryDelayMs: 10, statusCase: 'title' },
		});
		receiver.received.length = 0;
		receiver.statuses.push(500, 500, 503, 500);
		const first = await placeDelayed('WH-2');
		const failed = await sandbox.admin.completeOrder(first);
		expect(failed.webhook).toMatchObject({ status: 'failed', attempts: 4 });
		expect(receiver.received).toHaveLength(4);
		expect((await sandbox.admin.webhook()).disabled).toBe(true);

		const second = await placeDelayed('WH-3');
		const skipped = await sandbox.admin.cancelOrder(second);
		expect(skipped.webhook).toMatchObject({ status: 'skipped', attempts: 0 });
		expect(receiver.received).toHaveLength(4);

		await sandbox.admin.enableWebhook();
		const third = await placeDelayed('WH-4');
		const delivered = await sandbox.admin.completeOrder(third);
		expect(delivered.webhook?.status).toBe('delivered');
		expect(JSON.parse(receiver.received[4].body).data.deliveryStatus).toBe('Delivered');
	});

	it('counts a refused connection as a failure', async () => {
		await sandbox.reset({
			webhook: { url: 'http://127.0.0.1:9/closed', retryDelayMs: 5 },
		});
		const orderId = await placeDelayed('WH-5');
		const result = await sandbox.admin.completeOrder(orderId);
		expect(result.webhook).toMatchObject({ status: 'failed', attempts: 4 });
		expect(result.webhook?.results[0].status).toBeNull();
	});

	it('sends any payload once, e.g. a forged key or malformed body', async () => {
		await sandbox.reset({
			webhook: { url: receiverUrl, apiKey: 'sandboxKey1234567' },
		});
		receiver.received.length = 0;
		const forged = await sandbox.admin.sendWebhook({ headers: { 'x-api-key': 'wrong' } });
		expect(forged.status).toBe(200);
		expect(receiver.received[0].headers['x-api-key']).toBe('wrong');
		await sandbox.admin.sendWebhook({ payload: '{not json' });
		expect(receiver.received[1].body).toBe('{not json');
	});

	it('auto-completes delayed orders after the configured delay', async () => {
		await sandbox.reset({
			webhook: { url: receiverUrl, autoCompleteDelayedAfterMs: 50 },
		});
		receiver.received.length = 0;
		await placeDelayed('WH-6');
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect((await sandbox.admin.orders('WH-6'))[0].deliveryStatus).toBe('delivered');
		expect(receiver.received).toHaveLength(1);
	});
});
