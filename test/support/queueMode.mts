/**
 * n8n in queue mode for the end-to-end tests: PostgreSQL 15 and Redis started from the test suite
 * on 127.0.0.1, then n8n main (`EXECUTIONS_MODE=queue`), `n8n worker` processes and one
 * `n8n webhook` processor, all on one user folder with the packed package installed once (the
 * way n8n shares community packages between its processes) and one encryption key.
 *
 * - PostgreSQL: the Debian binaries under /usr/lib/postgresql/15/bin, else the newest other version
 *   there (GitHub's Ubuntu runners carry 16), or PLUM_PG_BIN.
 *   `initdb` into a temporary folder and `postgres` on a free loopback port, as the `postgres` user
 *   when the tests run as root (PostgreSQL refuses root; `setpriv` switches user without a process in
 *   between, so stopping the server is one signal to it).
 * - Redis: `redis-server` from Debian's package, installed with `apt-get install -y redis-server`
 *   when missing and the tests run as root (CI); without persistence (`--save "" --appendonly no`).
 *
 * `useQueueCluster` is `useN8nWithSandbox` on top of that, and stops every process it started in
 * afterAll, then deletes the temporary folders (unless PLUM_E2E_KEEP=1).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, type WriteStream } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import axios, { type AxiosResponse } from 'axios';
import { afterAll, beforeAll } from 'vitest';

import type { ConfigOverrides } from '../../sandbox/client.mts';
import { useN8nWithSandbox, type N8nWithSandbox, type N8nWithSandboxOptions } from './e2e.mts';
import { freePort, run, type N8nInstance, type RunResult } from './n8n.mts';

const PG_ROOT = '/usr/lib/postgresql';
/** PLUM_PG_BIN, else Debian's PostgreSQL 15, else the newest version Debian's packages installed. */
function postgresBin(): string {
	if (process.env.PLUM_PG_BIN) return process.env.PLUM_PG_BIN;
	const versions = existsSync(PG_ROOT) ? readdirSync(PG_ROOT).filter((version) => existsSync(path.join(PG_ROOT, version, 'bin', 'initdb'))) : [];
	const chosen = versions.includes('15') ? '15' : versions.sort((a, b) => Number(b) - Number(a))[0];
	return path.join(PG_ROOT, chosen ?? '15', 'bin');
}
const PG_BIN = postgresBin();
/** The account PostgreSQL runs as when the tests run as root. */
const PG_OS_USER = 'postgres';
const DB_NAME = 'n8n';
const DB_USER = 'n8n';
const READY_TIMEOUT_MS = 60_000;

// ------------------------------------------------------------------ background processes

/** A long-running process with its output in a log file. */
class Background {
	private readonly exit: Promise<void>;

	constructor(
		readonly name: string,
		readonly child: ChildProcess,
		readonly logFile: string,
		private readonly log: WriteStream,
	) {
		child.stdout?.pipe(log, { end: false });
		child.stderr?.pipe(log, { end: false });
		this.exit = new Promise((resolve) => child.on('exit', () => resolve()));
	}

	get exited(): boolean {
		return this.child.exitCode !== null || this.child.signalCode !== null;
	}

	async logTail(lines = 30): Promise<string> {
		try {
			return (await readFile(this.logFile, 'utf8')).split('\n').slice(-lines).join('\n');
		} catch {
			return '(no log)';
		}
	}

	/** Sends `signal`, waits up to graceMs, then SIGKILL; resolves once the process has exited. */
	async stop(signal: NodeJS.Signals, graceMs = 20_000): Promise<void> {
		if (!this.exited) {
			this.child.kill(signal);
			const done = await Promise.race([this.exit.then(() => true), delay(graceMs).then(() => false)]);
			if (!done) {
				this.child.kill('SIGKILL');
				await this.exit;
			}
		}
		await new Promise<void>((resolve) => this.log.end(resolve));
	}
}

function startBackground(name: string, command: string, args: string[], options: { cwd: string; logFile: string; env?: NodeJS.ProcessEnv }): Background {
	const log = createWriteStream(options.logFile, { flags: 'a' });
	log.write(`$ ${command} ${args.join(' ')}\n`);
	const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
	return new Background(name, child, options.logFile, log);
}

/** Polls `ready` until it is true; fails with the process's log when it exits or the time is up. */
async function waitUntilReady(process: Background, what: string, ready: () => Promise<boolean>): Promise<void> {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (process.exited) throw new Error(`${process.name} exited before ${what}:\n${await process.logTail()}`);
		if (await ready().catch(() => false)) return;
		await delay(200);
	}
	throw new Error(`${process.name}: waited ${READY_TIMEOUT_MS} ms for ${what}:\n${await process.logTail()}`);
}

function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function describeRun(result: RunResult): string {
	return `exit ${result.code}: ${(result.stdout + result.stderr).trim().split('\n').slice(-15).join('\n')}`;
}

const isRoot = () => process.getuid?.() === 0;

// ------------------------------------------------------------------ PostgreSQL

export interface PostgresHandle {
	port: number;
	database: string;
	user: string;
	/** The temporary folder holding the data directory, the socket and postgres.log. */
	folder: string;
	stop(): Promise<void>;
}

/** The numeric uid and gid of a user account (for chown and setpriv). */
async function accountIds(user: string): Promise<{ uid: number; gid: number }> {
	const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
	if (uid.code !== 0 || gid.code !== 0) throw new Error(`there is no "${user}" account to run PostgreSQL as (PostgreSQL refuses to run as root): ${describeRun(uid)}`);
	return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * Starts PostgreSQL 15 from a fresh `initdb` in a temporary folder, on a free port of 127.0.0.1,
 * with a database `n8n` owned by the superuser `n8n` (trust authentication: loopback only, a
 * throwaway cluster). Durability is off (fsync, synchronous_commit): the cluster dies with the tests.
 */
export async function startPostgres(): Promise<PostgresHandle> {
	for (const binary of ['initdb', 'postgres']) {
		if (!existsSync(path.join(PG_BIN, binary))) throw new Error(`PostgreSQL is missing: no ${binary} in ${PG_BIN} (Debian: apt-get install -y postgresql-15, or set PLUM_PG_BIN)`);
	}
	const folder = await mkdtemp(path.join(tmpdir(), 'plum-pg-'));
	const dataDir = path.join(folder, 'data');
	// As root, PostgreSQL runs as the postgres account, which must own its folders.
	const account = isRoot() ? await accountIds(PG_OS_USER) : undefined;
	const asPostgres = (binary: string, args: string[]): [string, string[]] =>
		account
			? ['setpriv', [`--reuid=${account.uid}`, `--regid=${account.gid}`, '--init-groups', '--', path.join(PG_BIN, binary), ...args]]
			: [path.join(PG_BIN, binary), args];
	if (account) await chown(folder, account.uid, account.gid);
	const env = { ...process.env, HOME: folder, LC_ALL: 'C' };

	try {
		const [initCommand, initArgs] = asPostgres('initdb', ['-D', dataDir, '-U', DB_USER, '--auth=trust', '-E', 'UTF8', '--no-sync']);
		const init = await run(initCommand, initArgs, { cwd: folder, env, timeoutMs: 120_000 });
		if (init.code !== 0) throw new Error(`initdb failed (${describeRun(init)})`);

		const port = await freePort();
		const [command, args] = asPostgres('postgres', [
			'-D', dataDir, '-p', String(port), '-k', folder,
			'-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
		]);
		const server = startBackground('postgres', command, args, { cwd: folder, env, logFile: path.join(folder, 'postgres.log') });
		const stop = async () => {
			// SIGINT: PostgreSQL's fast shutdown (ends sessions, no waiting for clients).
			await server.stop('SIGINT');
			if (process.env.PLUM_E2E_KEEP !== '1') await rm(folder, { recursive: true, force: true });
		};
		try {
			await waitUntilReady(server, `accepting connections on 127.0.0.1:${port}`, async () => {
				const created = await run(path.join(PG_BIN, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', DB_USER, DB_NAME], { cwd: folder, env, timeoutMs: 10_000 });
				return created.code === 0;
			});
		} catch (error) {
			await stop();
			throw error;
		}
		return { port, database: DB_NAME, user: DB_USER, folder, stop };
	} catch (error) {
		await rm(folder, { recursive: true, force: true });
		throw error;
	}
}

// ------------------------------------------------------------------ Redis

/**
 * The path of `redis-server`. When it is missing, installs Debian's `redis-server` package with
 * apt-get (after an `apt-get update` when the first try fails): as root (CI on a fresh machine), or
 * through `sudo -n` where that needs no password (GitHub's runners). Whether the package starts its
 * own service does not matter: the tests start their own server on a free port.
 */
export async function ensureRedisServer(): Promise<string> {
	const find = async () => {
		const found = await run('bash', ['-c', 'command -v redis-server || true']);
		const located = found.stdout.trim() || (existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : '');
		return located || undefined;
	};
	const existing = await find();
	if (existing) return existing;
	const missing = "redis-server is missing: install Debian's redis-server package (apt-get install -y redis-server) or put redis-server on PATH";
	if (!isRoot() && (await run('sudo', ['-n', 'true']).catch(() => ({ code: null }))).code !== 0) throw new Error(`${missing} (not root, and sudo asks for a password)`);
	const aptGet = async (args: string[]) =>
		isRoot()
			? await run('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeoutMs: 300_000 })
			: await run('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], { timeoutMs: 300_000 });
	let install = await aptGet(['install', '-y', '--no-install-recommends', 'redis-server']);
	if (install.code !== 0) {
		await aptGet(['update']);
		install = await aptGet(['install', '-y', '--no-install-recommends', 'redis-server']);
	}
	const installed = await find();
	if (install.code !== 0 || !installed) throw new Error(`apt-get install -y redis-server failed (${describeRun(install)})`);
	return installed;
}

export interface RedisHandle {
	port: number;
	stop(): Promise<void>;
}

/** One PING over TCP; true on +PONG. */
function redisPing(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect({ host: '127.0.0.1', port });
		let answer = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(2000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString();
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}

/** Starts redis-server on a free port of 127.0.0.1 without persistence, its log in `folder`. */
export async function startRedis(folder: string): Promise<RedisHandle> {
	const binary = await ensureRedisServer();
	const port = await freePort();
	const server = startBackground('redis-server', binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', folder], {
		cwd: folder,
		logFile: path.join(folder, 'redis.log'),
	});
	try {
		await waitUntilReady(server, `answering PING on 127.0.0.1:${port}`, async () => await redisPing(port));
	} catch (error) {
		await server.stop('SIGTERM');
		throw error;
	}
	return { port, stop: async () => await server.stop('SIGTERM') };
}

// ------------------------------------------------------------------ the cluster

/** The settings every n8n process of the cluster shares: queue mode on this Redis and Postgres. */
export function queueModeEnv(postgres: PostgresHandle, redis: RedisHandle): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		// Main runs no production executions itself in queue mode, but would take manual ones.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}

export interface QueueClusterOptions extends Omit<N8nWithSandboxOptions, 'start' | 'n8nOptions' | 'sandboxConfig'> {
	/** `n8n worker` processes (default 2). */
	workers?: number;
	/** Each worker's `--concurrency` (default 10, n8n's own). */
	workerConcurrency?: number;
	/** The sandbox's config; a function gets the base URLs of main and of the webhook processor. */
	sandboxConfig?: ConfigOverrides | ((urls: { main: string; webhook: string }) => ConfigOverrides);
}

/** Filled in by beforeAll: the fixture of useN8nWithSandbox (`n8n` is main) and the other processes. */
export interface QueueCluster extends N8nWithSandbox {
	workers: N8nInstance[];
	/** The `n8n webhook` processor. */
	webhookProcessor: N8nInstance;
	postgres: PostgresHandle;
	redis: RedisHandle;
}

/**
 * Call at the top of a test file: one queue-mode cluster for the whole file. beforeAll starts
 * Postgres and Redis, then useN8nWithSandbox's setup (main, the package, credentials, published
 * workflows, owner and API key), then the workers and the webhook processor at the same time.
 * afterAll (vitest runs them in reverse order) stops the webhook processor and the workers, then
 * main and the sandbox, then Redis and Postgres, and deletes their folders.
 */
export function useQueueCluster(options: QueueClusterOptions): QueueCluster {
	const state: { backendsFolder?: string; postgres?: PostgresHandle; redis?: RedisHandle; webhookPort?: number } = {};
	// Registered first, so that it runs last.
	afterAll(async () => {
		await state.redis?.stop();
		await state.postgres?.stop();
		if (state.backendsFolder && process.env.PLUM_E2E_KEEP !== '1') await rm(state.backendsFolder, { recursive: true, force: true });
	});

	const cluster = useN8nWithSandbox({
		...options,
		start: 'server',
		n8nOptions: async () => {
			state.backendsFolder = await mkdtemp(path.join(tmpdir(), 'plum-queue-'));
			[state.postgres, state.redis] = await Promise.all([startPostgres(), startRedis(state.backendsFolder)]);
			state.webhookPort = await freePort();
			return { env: queueModeEnv(state.postgres, state.redis) };
		},
		sandboxConfig: (main) =>
			typeof options.sandboxConfig === 'function'
				? options.sandboxConfig({ main: main.url, webhook: `http://127.0.0.1:${state.webhookPort}` })
				: (options.sandboxConfig ?? {}),
	}) as QueueCluster;

	beforeAll(async () => {
		const main = cluster.n8n;
		cluster.postgres = state.postgres!;
		cluster.redis = state.redis!;
		const concurrency = String(options.workerConcurrency ?? 10);
		cluster.workers = await Promise.all(
			Array.from({ length: options.workers ?? 2 }, async (_, index) => {
				const port = await freePort();
				return await main.sibling({
					logName: `worker-${index + 1}.log`,
					port,
					env: { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' },
				});
			}),
		);
		cluster.webhookProcessor = await main.sibling({ logName: 'webhook.log', port: state.webhookPort });
		await Promise.all([
			...cluster.workers.map(async (worker) => await worker.start({ command: 'worker', args: [`--concurrency=${concurrency}`] })),
			cluster.webhookProcessor.start({ command: 'webhook' }),
		]);
	});

	// Registered last, so that it runs first: nothing may still take jobs when main and the database go.
	afterAll(async () => {
		await Promise.all([...(cluster.workers ?? []), cluster.webhookProcessor].filter(Boolean).map(async (process) => await process.dispose()));
	});

	return cluster;
}

// ------------------------------------------------------------------ helpers for tests on the cluster

/** Which process a webhook call goes to. */
export type WebhookTarget = 'webhook' | 'main';

/** POSTs `body` to a production webhook path on the webhook processor (default) or on main. */
export async function postWebhook(cluster: QueueCluster, webhookPath: string, body: unknown, target: WebhookTarget = 'webhook'): Promise<AxiosResponse> {
	const base = target === 'main' ? cluster.n8n.url : cluster.webhookProcessor.url;
	return await axios.post(`${base}/webhook/${webhookPath}`, body, { timeout: 120_000, validateStatus: () => true });
}

/**
 * The worker (index into cluster.workers) that ran each execution, from the line each worker logs
 * when it takes a job: "Worker started execution <id> (job <job>)" (n8n 2.40, scaling/job-processor.ts).
 */
export async function workersByExecution(cluster: QueueCluster): Promise<Map<string, number>> {
	const byExecution = new Map<string, number>();
	for (const [index, worker] of cluster.workers.entries()) {
		const log = existsSync(worker.logFile) ? await readFile(worker.logFile, 'utf8') : '';
		for (const match of log.matchAll(/Worker started execution (\d+) \(job /g)) byExecution.set(match[1], index);
	}
	return byExecution;
}
