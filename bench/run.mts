/**
 * Benchmarks, measured against a baseline in the same run on the local sandbox (numbers, never
 * pass/fail). Run with `npm run bench`.
 *
 * 1. points.send: one execution with N items (batched, up to 50 recipients a request) against the
 *    baseline of N single-item executions (one request per recipient).
 * 2. order.create: the fault-free path (one placeOrder per order plus one catalogue lookup per
 *    execution) against the baseline "look the poNumber up before every order".
 */
import { performance } from 'node:perf_hooks';

import { SEEDED_PRODUCT_IDS } from '../sandbox/catalogue.mts';
import { plumCredentialData, SandboxAdmin } from '../sandbox/client.mts';
import { startSandbox } from '../sandbox/server.mts';
import { CredentialStore, runPlumNode, StoreCredentialsHelper } from '../test/support/engine.mts';
import type { PlumNodeOptions } from '../test/support/engine.mts';

const N = Number(process.env.BENCH_ITEMS ?? 100);
const sandbox = await startSandbox({ port: 0, config: { rateLimitsEnabled: false } });
const admin = new SandboxAdmin(sandbox.url);

async function freshHelper(tokenType: 'user' | 'company') {
	const seeded = await admin.reset({ rateLimitsEnabled: false });
	const tokens = seeded[tokenType];
	const store = new CredentialStore();
	store.set('plumOAuth2Api', plumCredentialData(sandbox.baseUrl, tokens));
	const helper = new StoreCredentialsHelper(store);
	await runPlumNode(helper, { parameters: { resource: 'token', operation: 'getStatus' } });
	await admin.clearRequests();
	return helper;
}

async function measure(label: string, tokenType: 'user' | 'company', work: (helper: StoreCredentialsHelper) => Promise<void>) {
	const helper = await freshHelper(tokenType);
	const started = performance.now();
	await work(helper);
	const ms = performance.now() - started;
	const requests = (await admin.requests()).filter((request) => request.path.startsWith('/chef/')).length;
	return { label, ms, requests };
}

function report(title: string, baseline: { label: string; ms: number; requests: number }, candidate: { label: string; ms: number; requests: number }) {
	console.log(`\n${title} (${N} items)`);
	for (const row of [baseline, candidate]) {
		console.log(`  ${row.label.padEnd(44)} ${String(row.requests).padStart(5)} requests  ${row.ms.toFixed(0).padStart(7)} ms`);
	}
	console.log(`  ratio candidate/baseline: requests ${(candidate.requests / baseline.requests).toFixed(3)}, time ${(candidate.ms / baseline.ms).toFixed(3)}`);
}

const people = Array.from({ length: N }, (_, index) => ({ name: `P${index}`, email: `p${index}@example.com`, points: 10 }));
const sendPoints: PlumNodeOptions = {
	parameters: { resource: 'points', operation: 'send', senderEmail: 'admin@example.com', recipientName: '={{ $json.name }}', recipientEmail: '={{ $json.email }}', amount: '={{ $json.points }}', citation: 'bench' },
};
const pointsBaseline = await measure('baseline: one execution per recipient', 'company', async (helper) => {
	for (const person of people) await runPlumNode(helper, sendPoints, [person]);
});
const pointsBatched = await measure('points.send: one execution, batched', 'company', async (helper) => {
	await runPlumNode(helper, sendPoints, people);
});
report('points.send', pointsBaseline, pointsBatched);

const orders = Array.from({ length: N }, (_, index) => ({ po: `bench-${index}` }));
const createOrder: PlumNodeOptions = {
	parameters: { resource: 'order', operation: 'create', productId: { __rl: true, mode: 'id', value: String(SEEDED_PRODUCT_IDS.realtimeFixed) }, denomination: 10, quantity: 1, poNumber: '={{ $json.po }}', notifyReceiverEmail: false },
};
const lookupFirst = await measure('baseline: look up poNumber, then place', 'user', async (helper) => {
	await runPlumNode(helper, { parameters: { resource: 'order', operation: 'get', lookupBy: 'poNumber', poNumber: '={{ $json.po }}' }, settings: { onError: 'continueRegularOutput' } }, orders);
	await runPlumNode(helper, createOrder, orders);
});
const faultFree = await measure('order.create: fault-free path', 'user', async (helper) => {
	await runPlumNode(helper, createOrder, orders);
});
report('order.create', lookupFirst, faultFree);

await sandbox.close();
