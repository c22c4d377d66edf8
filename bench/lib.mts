/**
 * Shared pieces of the benchmarks: a fresh sandbox account per measurement, a plain Plum client
 * (what a hand-written script would do), a steadily paced loop, and the report.
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';

import pLimit from 'p-limit';

import { plumCredentialData, SandboxAdmin } from '../sandbox/client.mts';
import type { ConfigOverrides, IssuedTokens, RecordedRequest } from '../sandbox/client.mts';
import { CredentialStore, runPlumNode, StoreCredentialsHelper } from '../test/support/engine.mts';

export interface Account {
	helper: StoreCredentialsHelper;
	tokens: IssuedTokens;
}

/** Resets the sandbox with `config`, stores a credential for it and makes its first refresh. */
export async function freshAccount(admin: SandboxAdmin, baseUrl: string, tokenType: 'user' | 'company', config: ConfigOverrides): Promise<Account> {
	const seeded = await admin.reset(config);
	const store = new CredentialStore();
	store.set('plumOAuth2Api', plumCredentialData(baseUrl, seeded[tokenType]));
	const helper = new StoreCredentialsHelper(store);
	await runPlumNode(helper, { parameters: { resource: 'token', operation: 'getStatus' } });
	// The refresh rotated the pair: hand-written clients use the stored access token.
	const stored = store.get('plumOAuth2Api');
	await admin.clearRequests();
	return { helper, tokens: { ...seeded[tokenType], accessToken: String(stored.accessToken), refreshToken: String(stored.refreshToken) } };
}

export interface Measured {
	ms: number;
	requests: RecordedRequest[];
}

/** Times `work` and returns the Plum API requests the sandbox saw meanwhile. */
export async function measure(admin: SandboxAdmin, work: () => Promise<void>): Promise<Measured> {
	await admin.clearRequests();
	const started = performance.now();
	await work();
	const ms = performance.now() - started;
	const requests = (await admin.requests()).filter((request) => request.path.startsWith('/chef/v1/oauth/api'));
	return { ms, requests };
}

export const countOp = (requests: RecordedRequest[], op: string) => requests.filter((request) => request.op === op).length;
export const count429 = (requests: RecordedRequest[]) => requests.filter((request) => request.status === 429).length;

/** One GraphQL-style call to Plum with a bearer token, as a script would send it. */
export async function plumCall(baseUrl: string, accessToken: string, query: string, data: object): Promise<{ status: number; body: unknown }> {
	const response = await fetch(`${baseUrl}/v1/oauth/api`, {
		method: 'POST',
		headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
		body: JSON.stringify({ query, tag: 'plumProAPI', variables: { data } }),
	});
	return { status: response.status, body: await response.json().catch(() => null) };
}

/**
 * Runs `task` for 0..count-1, starting task i at i × spacing (a steady rate) with at most
 * `inFlight` running: the "plain loop paced at the limit".
 */
export async function pacedLoop(count: number, perMinute: number, inFlight: number, task: (index: number) => Promise<void>, done: () => boolean = () => false): Promise<void> {
	const spacingMs = 60_000 / perMinute;
	const limit = pLimit(inFlight);
	const started = performance.now();
	const running: Array<Promise<void>> = [];
	for (let index = 0; index < count && !done(); index++) {
		const due = started + index * spacingMs;
		const wait = due - performance.now();
		if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
		// Waits for a free slot before the next one is due, as a loop with N workers does.
		while (limit.activeCount >= inFlight) await new Promise((resolve) => setTimeout(resolve, 5));
		if (done()) break;
		running.push(limit(() => task(index)));
	}
	await Promise.all(running);
}

export interface Row {
	section: string;
	label: string;
	figures: Record<string, number | string>;
}

export function machine() {
	let git = '';
	try {
		git = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
	} catch {
		git = 'unknown';
	}
	return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, commit: git, date: new Date().toISOString() };
}

/** A Markdown table of the rows, section by section. */
export function table(rows: Row[]): string {
	const lines: string[] = [];
	const keys = (row: Row) => Object.entries(row.figures).map(([key, value]) => `${key} ${typeof value === 'number' ? round(value) : value}`);
	lines.push('| benchmark | run | figures |', '|---|---|---|');
	for (const row of rows) lines.push(`| ${row.section} | ${row.label} | ${keys(row).join(', ')} |`);
	return lines.join('\n');
}

export function round(value: number): string {
	if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
	if (Math.abs(value) >= 100) return value.toFixed(0);
	if (Math.abs(value) >= 10) return value.toFixed(1);
	return value.toFixed(2);
}
