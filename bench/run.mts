/**
 * Benchmarks: figures, never pass/fail, each ratio against a baseline measured in the same run on
 * the same local sandbox, with Plum's per-minute limits and a real-time order latency switched on.
 * Run with `npm run bench` (`BENCH_QUICK=1` for 300 orders instead of 1,000). Prints a table and
 * writes the figures to bench/results/latest.json.
 *
 * 1. Bulk: N orders in one execution of the Plum node, against a plain loop paced at Plum's
 *    placeOrder limit with 10 in flight, and against n8n's HTTP Request node with a Header Auth
 *    credential (what a user would build instead), with default settings and with batching.
 * 2. One order per execution, 100 executions (the webhook-per-response pattern): requests per order.
 * 3. Catalogue Return All of 10,000 products against plain paging at getVouchers' limit.
 * 4. Package: packed size and the time n8n's loader takes to load it.
 * 5. Batching and the fault-free path (limits off): points.send batched against one request per
 *    recipient; order.create against "look the PO number up before every order".
 */
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import { SEEDED_PRODUCT_IDS } from '../sandbox/catalogue.mts';
import { SandboxAdmin } from '../sandbox/client.mts';
import type { ConfigOverrides } from '../sandbox/client.mts';
import { defaultConfig } from '../sandbox/config.mts';
import { startSandbox } from '../sandbox/server.mts';
import { pacing } from '../nodes/Plum/transport/pacer.ts';
import { runPlumNode } from '../test/support/engine.mts';
import type { PlumNodeOptions } from '../test/support/engine.mts';
import { httpRequestOrders } from './httpRequestNode.mts';
import { count429, countOp, freshAccount, machine, measure, pacedLoop, plumCall, table } from './lib.mts';
import type { Row } from './lib.mts';
import { packageFigures } from './package.mts';

const QUICK = process.env.BENCH_QUICK === '1';
const ORDERS = Number(process.env.BENCH_ORDERS ?? (QUICK ? 300 : 1000));
const SINGLE_EXECUTIONS = Number(process.env.BENCH_SINGLE ?? 100);
const CATALOGUE = Number(process.env.BENCH_CATALOGUE ?? 10_000);
const ORDER_LATENCY_MS = 1500;
const RAW_IN_FLIGHT = 10;
/** A steady loop keeps 1 % below the limit so that timer jitter never puts 101 calls in one minute. */
const RAW_MARGIN = 0.99;

const limits = defaultConfig().rateLimits;
const PLACE_ORDER_LIMIT = limits.placeOrder;
const GET_VOUCHERS_LIMIT = limits.getVouchers;

const sandbox = await startSandbox({ port: 0, config: { rateLimitsEnabled: true } });
const admin = new SandboxAdmin(sandbox.url);
const rows: Row[] = [];
const say = (text: string) => console.log(`[bench] ${text}`);

/** Plum's limits on, and every placeOrder answered after a real-time order's latency. */
async function limitedAccount(tokenType: 'user' | 'company', config: ConfigOverrides = {}) {
	const account = await freshAccount(admin, sandbox.baseUrl, tokenType, { rateLimitsEnabled: true, ...config });
	await admin.addFault({ match: { op: 'placeOrder' }, times: 1_000_000, action: 'delay', delayMs: ORDER_LATENCY_MS });
	return account;
}

const realtime = SEEDED_PRODUCT_IDS.realtimeFixed;
const orderRequest = (poNumber: string) => ({ productId: realtime, denomination: 10, quantity: 1, poNumber, email: '', contact: '', notifyReceiverEmail: 0, notifyAdminEmail: 0, tag: 'bench' });
const createOrder: PlumNodeOptions = {
	parameters: { resource: 'order', operation: 'create', productId: { __rl: true, mode: 'id', value: String(realtime) }, denomination: 10, quantity: 1, poNumber: '={{ $json.po }}', notifyReceiverEmail: false },
	settings: { onError: 'continueRegularOutput' },
};
const poItems = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => ({ po: `${prefix}-${index}` }));
const perMinute = (count: number, ms: number) => (count / ms) * 60_000;

// 1. Bulk orders in one execution.
say(`bulk: ${ORDERS} orders, placeOrder limit ${PLACE_ORDER_LIMIT}/min, ${ORDER_LATENCY_MS} ms per order`);
{
	const raw = await limitedAccount('user');
	let rawFailures = 0;
	const rawRun = await measure(admin, async () => {
		await pacedLoop(ORDERS, PLACE_ORDER_LIMIT * RAW_MARGIN, RAW_IN_FLIGHT, async (index) => {
			const { status, body } = await plumCall(sandbox.baseUrl, raw.tokens.accessToken, 'plumProAPI.mutation.placeOrder', orderRequest(`raw-${index}`));
			if (status !== 200 || JSON.stringify(body).includes('"errors"')) rawFailures++;
		});
	});
	rows.push({
		section: 'bulk orders',
		label: `baseline: plain loop at ${Math.round(RAW_MARGIN * 100)} % of the limit, ${RAW_IN_FLIGHT} in flight`,
		figures: { orders: ORDERS, seconds: rawRun.ms / 1000, 'orders/min': perMinute(ORDERS, rawRun.ms), 'requests/order': rawRun.requests.length / ORDERS, '429s': count429(rawRun.requests), failed: rawFailures },
	});

	const node = await limitedAccount('user');
	let nodeFailures = 0;
	const nodeRun = await measure(admin, async () => {
		const { items, error } = await runPlumNode(node.helper, createOrder, poItems('node', ORDERS));
		if (error) throw error;
		nodeFailures = items.filter((item) => item.json.error !== undefined).length;
	});
	const nodePerMinute = perMinute(ORDERS, nodeRun.ms);
	rows.push({
		section: 'bulk orders',
		label: 'Plum node, order.create, default options',
		figures: {
			orders: ORDERS,
			seconds: nodeRun.ms / 1000,
			'time vs baseline': nodeRun.ms / rawRun.ms,
			'orders/min': nodePerMinute,
			'% of limit': (nodePerMinute / PLACE_ORDER_LIMIT) * 100,
			'requests/order': nodeRun.requests.length / ORDERS,
			'429s': count429(nodeRun.requests),
			failed: nodeFailures,
		},
	});

	for (const batching of [false, true]) {
		const account = await limitedAccount('user');
		const placed: { failed: number } = { failed: 0 };
		const run = await measure(admin, async () => {
			placed.failed = await httpRequestOrders(sandbox.baseUrl, account.tokens.accessToken, poItems(batching ? 'httpb' : 'http', ORDERS), orderRequest, batching ? { batchSize: 1, batchInterval: Math.ceil(60_000 / (PLACE_ORDER_LIMIT * RAW_MARGIN)) } : undefined);
		});
		rows.push({
			section: 'bulk orders',
			label: batching ? 'HTTP Request node, Batching 1 item per 607 ms' : 'HTTP Request node, default settings',
			figures: { orders: ORDERS, seconds: run.ms / 1000, 'time vs baseline': run.ms / rawRun.ms, 'orders placed': countOp(run.requests.filter((request) => request.status === 200), 'placeOrder'), '429s': count429(run.requests), failed: placed.failed },
		});
	}
}

// 2. One order per execution.
say(`single: ${SINGLE_EXECUTIONS} executions of one order each`);
{
	const account = await limitedAccount('user');
	// The first execution of a process fills the product cache; the steady state is what follows.
	await runPlumNode(account.helper, createOrder, [{ po: 'single-warm-up' }]);
	let failures = 0;
	const run = await measure(admin, async () => {
		for (let index = 0; index < SINGLE_EXECUTIONS; index++) {
			const { items } = await runPlumNode(account.helper, createOrder, [{ po: `single-${index}` }]);
			if (items[0]?.json.error !== undefined) failures++;
		}
	});
	rows.push({
		section: 'one order per execution',
		label: `Plum node, ${SINGLE_EXECUTIONS} executions after one warm-up`,
		figures: { executions: SINGLE_EXECUTIONS, 'requests/order': run.requests.length / SINGLE_EXECUTIONS, getVouchers: countOp(run.requests, 'getVouchers'), placeOrder: countOp(run.requests, 'placeOrder'), '429s': count429(run.requests), failed: failures },
	});
}

// 3. Catalogue Return All.
say(`catalogue: Return All of ${CATALOGUE} products, getVouchers limit ${GET_VOUCHERS_LIMIT}/min`);
{
	const PAGE = 100;
	const raw = await freshAccount(admin, sandbox.baseUrl, 'user', { rateLimitsEnabled: true, catalogueSize: CATALOGUE });
	let rawProducts = 0;
	const rawRun = await measure(admin, async () => {
		let page = 1;
		let done = false;
		await pacedLoop(Number.MAX_SAFE_INTEGER, GET_VOUCHERS_LIMIT * RAW_MARGIN, 1, async () => {
			if (done) return;
			const { body } = await plumCall(sandbox.baseUrl, raw.tokens.accessToken, 'plumProAPI.mutation.getVouchers', { limit: PAGE, page: page++, includeProducts: '', excludeProducts: '' });
			const list = (body as { data?: { getVouchers?: { data?: unknown[] } } })?.data?.getVouchers?.data ?? [];
			rawProducts += list.length;
			if (list.length < PAGE) done = true;
		}, () => done);
	});
	rows.push({ section: 'catalogue Return All', label: `baseline: plain paging, ${PAGE} a page, at ${Math.round(RAW_MARGIN * 100)} % of the limit`, figures: { products: rawProducts, seconds: rawRun.ms / 1000, requests: rawRun.requests.length, '429s': count429(rawRun.requests) } });

	const node = await freshAccount(admin, sandbox.baseUrl, 'user', { rateLimitsEnabled: true, catalogueSize: CATALOGUE });
	let nodeProducts = 0;
	const nodeRun = await measure(admin, async () => {
		const { items, error } = await runPlumNode(node.helper, { parameters: { resource: 'voucher', operation: 'getAll', returnAll: true } });
		if (error) throw error;
		nodeProducts = items.length;
	});
	rows.push({ section: 'catalogue Return All', label: 'Plum node, voucher.getAll, Return All', figures: { products: nodeProducts, seconds: nodeRun.ms / 1000, 'time vs baseline': nodeRun.ms / rawRun.ms, requests: nodeRun.requests.length, '429s': count429(nodeRun.requests) } });
}

// 4. The package.
say('package: packed size and load time');
rows.push(...(await packageFigures()));

// 5. Batching and the fault-free path, limits off.
say('batching and the fault-free path (limits off)');
{
	// Limits off at the sandbox and in the node's pacer: this section compares request counts.
	const pacedLimits = pacing.limits;
	pacing.limits = {};
	const N = 100;
	const people = Array.from({ length: N }, (_, index) => ({ name: `P${index}`, email: `p${index}@example.com`, points: 10 }));
	const sendPoints: PlumNodeOptions = {
		parameters: { resource: 'points', operation: 'send', senderEmail: 'admin@example.com', recipientName: '={{ $json.name }}', recipientEmail: '={{ $json.email }}', amount: '={{ $json.points }}', citation: 'bench' },
	};
	const single = await freshAccount(admin, sandbox.baseUrl, 'company', { rateLimitsEnabled: false });
	const singleRun = await measure(admin, async () => {
		for (const person of people) await runPlumNode(single.helper, sendPoints, [person]);
	});
	const batched = await freshAccount(admin, sandbox.baseUrl, 'company', { rateLimitsEnabled: false });
	const batchedRun = await measure(admin, async () => {
		await runPlumNode(batched.helper, sendPoints, people);
	});
	rows.push({ section: 'points.send', label: `baseline: ${N} executions of one recipient`, figures: { requests: singleRun.requests.length, seconds: singleRun.ms / 1000 } });
	rows.push({ section: 'points.send', label: `one execution of ${N} recipients`, figures: { requests: batchedRun.requests.length, seconds: batchedRun.ms / 1000, 'requests vs baseline': batchedRun.requests.length / singleRun.requests.length } });

	const lookupFirst = await freshAccount(admin, sandbox.baseUrl, 'user', { rateLimitsEnabled: false });
	const lookupRun = await measure(admin, async () => {
		await runPlumNode(lookupFirst.helper, { parameters: { resource: 'order', operation: 'get', lookupBy: 'poNumber', poNumber: '={{ $json.po }}' }, settings: { onError: 'continueRegularOutput' } }, poItems('lookup', N));
		await runPlumNode(lookupFirst.helper, createOrder, poItems('lookup', N));
	});
	const direct = await freshAccount(admin, sandbox.baseUrl, 'user', { rateLimitsEnabled: false });
	const directRun = await measure(admin, async () => {
		await runPlumNode(direct.helper, createOrder, poItems('direct', N));
	});
	rows.push({ section: 'order.create, no faults', label: `baseline: look each PO number up, then place (${N})`, figures: { requests: lookupRun.requests.length, seconds: lookupRun.ms / 1000 } });
	rows.push({ section: 'order.create, no faults', label: `place directly (${N})`, figures: { requests: directRun.requests.length, seconds: directRun.ms / 1000, 'requests vs baseline': directRun.requests.length / lookupRun.requests.length } });
	pacing.limits = pacedLimits;
}

await sandbox.close();

const output = { machine: machine(), quick: QUICK, settings: { orders: ORDERS, orderLatencyMs: ORDER_LATENCY_MS, limits: { placeOrder: PLACE_ORDER_LIMIT, getVouchers: GET_VOUCHERS_LIMIT }, rawInFlight: RAW_IN_FLIGHT, rawMargin: RAW_MARGIN }, rows };
const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'results');
await mkdir(resultsDir, { recursive: true });
await writeFile(path.join(resultsDir, 'latest.json'), `${JSON.stringify(output, null, 2)}\n`);
await writeFile(path.join(resultsDir, 'latest.md'), `${table(rows)}\n\nMachine: ${output.machine.cpus} × ${output.machine.cpuModel}, ${output.machine.memoryGb} GB, Node ${output.machine.node}; commit ${output.machine.commit}, ${output.machine.date}${QUICK ? ' (BENCH_QUICK=1)' : ''}.\n`);
console.log(`\n${table(rows)}\n`);
say(`figures written to ${path.relative(process.cwd(), resultsDir)}/latest.json and latest.md`);
