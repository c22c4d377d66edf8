/**
 * A real n8n (the pinned version installed by scripts/lib.sh) with this package installed the way
 * a user installs a community package: `npm pack` the build, `npm install` the tarball into
 * `<N8N_USER_FOLDER>/.n8n/nodes`. Used by the end-to-end tests and by the demo (scripts/demo.mts).
 *
 * Everything is driven through n8n's own interfaces: the CLI (import, export, execute, publish) and,
 * for a running instance, its REST and public APIs. Logs of every n8n process go to
 * `<userFolder>/n8n.log`; errors thrown here carry the tail of that log. Secrets are never printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import { PACKAGE_NAME, plumNode, plumTriggerNode, testNode } from './nodes.mts';

export { PACKAGE_NAME, PLUM_NODE_TYPE, PLUM_TRIGGER_NODE_TYPE } from './nodes.mts';
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The n8n version under test: scripts/lib.sh installs N8N_VERSION (default 2.40.7). */
export const N8N_MAJOR = Number((process.env.N8N_VERSION ?? '2').split('.')[0]);

// ------------------------------------------------------------------ processes

export interface RunResult {
	code: number | null;
	/** The signal that ended the process, when one did. */
	signal?: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

interface RunOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Appends stdout and stderr here as well. */
	log?: WriteStream;
	timeoutMs?: number;
}

/** Runs a command to completion and collects its output (never throws on a non-zero exit). */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd ?? REPO_ROOT,
			env: options.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			options.log?.write(chunk);
		});
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
			options.log?.write(chunk);
		});
		const timer = options.timeoutMs
			? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
			: undefined;
		child.on('error', (error) => {
			if (timer) clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			if (timer) clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
	});
}

function tail(text: string, lines = 40): string {
	return text.split('\n').slice(-lines).join('\n');
}

// ------------------------------------------------------------------ toolchain

export interface Toolchain {
	/** The pinned n8n's bin script. */
	n8nBin: string;
	/** Folder holding a Node 24 binary; put first on PATH for n8n and npm. */
	nodeBinDir: string;
	/** PATH with that Node first. */
	path: string;
}

let toolchain: Promise<Toolchain> | undefined;

/**
 * Node 24 and the pinned n8n, from scripts/lib.sh (installed into ~/.cache once per machine;
 * fast when cached). Memoised per process.
 */
export function ensureToolchain(): Promise<Toolchain> {
	toolchain ??= (async () => {
		const script =
			'source scripts/lib.sh && ensure_node24 && ensure_n8n && n8n_bin && dirname "$(command -v node)"';
		const result = await run('bash', ['-c', script]);
		const lines = result.stdout.trim().split('\n');
		if (result.code !== 0 || lines.length < 2) {
			throw new Error(
				`scripts/lib.sh could not provide Node 24 and n8n (exit ${result.code}):\n${tail(result.stderr)}`,
			);
		}
		const [n8nBin, nodeBinDir] = lines.slice(-2);
		return { n8nBin, nodeBinDir, path: `${nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}` };
	})();
	return toolchain;
}

// ------------------------------------------------------------------ the package

/** `npm run build`, then `npm pack` into a temporary folder; returns the tarball's path. */
export async function packPackage(options: { build?: boolean } = {}): Promise<string> {
	const { path: PATH } = await ensureToolchain();
	const env = { ...process.env, PATH };
	if (options.build !== false) {
		const build = await run('npm', ['run', 'build'], { env });
		if (build.code !== 0)
			throw new Error(`npm run build failed:\n${tail(build.stdout + build.stderr)}`);
	}
	const destination = await mkdtemp(path.join(tmpdir(), 'plum-pack-'));
	const pack = await run('npm', ['pack', '--json', '--pack-destination', destination], { env });
	if (pack.code !== 0) throw new Error(`npm pack failed:\n${tail(pack.stdout + pack.stderr)}`);
	const files = (await readdir(destination)).filter((file) => file.endsWith('.tgz'));
	if (files.length !== 1)
		throw new Error(`npm pack left ${files.length} tarballs in ${destination}`);
	return path.join(destination, files[0]);
}

/** Deletes the temporary folder packPackage() made for a tarball. */
export async function removePackedTarball(tarball: string): Promise<void> {
	const folder = path.dirname(tarball);
	if (path.basename(folder).startsWith('plum-pack-'))
		await rm(folder, { recursive: true, force: true });
}

/** A free TCP port on 127.0.0.1 (asked from the OS, then released). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

// ------------------------------------------------------------------ data shapes

export interface CredentialEntry {
	id: string;
	name: string;
	type: string;
	/** Plain object: n8n encrypts it on import. */
	data: Record<string, unknown>;
}

export interface WorkflowEntry {
	id: string;
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	active?: boolean;
	pinData?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface OwnerAccount {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

/** The part of n8n's IRun that the tests read. */
export interface RunData {
	status?: string;
	finished?: boolean;
	mode?: string;
	data: {
		resultData: {
			runData: Record<
				string,
				Array<{
					data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
					error?: unknown;
				}>
			>;
			error?: { message?: string; description?: string };
			lastNodeExecuted?: string;
		};
	};
}

/** The JSON items a node sent to its first output in its last run. */
export function nodeOutput(runData: RunData, nodeName: string): Array<Record<string, unknown>> {
	const runs = runData.data.resultData.runData[nodeName];
	if (!runs?.length) throw new Error(`node "${nodeName}" did not run`);
	const main = runs[runs.length - 1].data?.main?.[0] ?? [];
	return main.map((item) => item.json);
}

export interface PublicExecution {
	id: string | number;
	workflowId: string;
	status: string;
	finished: boolean;
	mode: string;
	data?: RunData['data'];
	[key: string]: unknown;
}

// ------------------------------------------------------------------ the instance

export interface CreateN8nOptions {
	/** Defaults to a new temporary folder. n8n keeps its data in `<userFolder>/.n8n`. */
	userFolder?: string;
	/** Defaults to a free port. */
	port?: number;
	/** Defaults to 127.0.0.1. */
	host?: string;
	/** Fixed per instance so the stored credentials stay readable; random when absent. */
	encryptionKey?: string;
	/** Extra environment for every n8n process. */
	env?: Record<string, string>;
	/** The log file's name inside the user folder (default n8n.log); processes sharing a folder each get their own. */
	logName?: string;
}

/** What `start()` runs: the main process (`n8n start`), a queue-mode `n8n worker` or `n8n webhook` processor. */
export type N8nCommand = 'start' | 'worker' | 'webhook';

export class N8nInstance {
	readonly userFolder: string;
	readonly port: number;
	readonly host: string;
	readonly url: string;
	readonly logFile: string;
	private readonly encryptionKey: string;
	private readonly extraEnv: Record<string, string>;
	private log?: WriteStream;
	private server?: ChildProcess;
	private serverExit?: Promise<number | null>;
	private cookie?: string;
	private apiKey?: string;

	constructor(options: Required<Omit<CreateN8nOptions, 'env' | 'logName'>> & { env: Record<string, string>; logName?: string }) {
		this.userFolder = options.userFolder;
		this.port = options.port;
		this.host = options.host;
		this.url = `http://${options.host}:${options.port}`;
		this.encryptionKey = options.encryptionKey;
		this.extraEnv = options.env;
		this.logFile = path.join(this.userFolder, options.logName ?? 'n8n.log');
	}

	/**
	 * Another n8n process on the same user folder and encryption key (so it reads the same
	 * community packages and can decrypt the same credentials), with its own port, log file and
	 * extra environment on top of this one's: a queue-mode worker or webhook processor.
	 */
	async sibling(options: { logName: string; port?: number; env?: Record<string, string> }): Promise<N8nInstance> {
		return new N8nInstance({
			userFolder: this.userFolder,
			port: options.port ?? (await freePort()),
			host: this.host,
			encryptionKey: this.encryptionKey,
			env: { ...this.extraEnv, ...options.env },
			logName: options.logName,
		});
	}

	/** `<userFolder>/.n8n`, where n8n keeps its database, config and community packages. */
	get dataFolder(): string {
		return path.join(this.userFolder, '.n8n');
	}

	get nodesFolder(): string {
		return path.join(this.dataFolder, 'nodes');
	}

	private logStream(): WriteStream {
		this.log ??= createWriteStream(this.logFile, { flags: 'a' });
		return this.log;
	}

	private async env(): Promise<NodeJS.ProcessEnv> {
		const { path: PATH } = await ensureToolchain();
		return {
			// Each n8n process starts a task broker; a free port keeps parallel instances apart.
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			...process.env,
			PATH,
			N8N_USER_FOLDER: this.userFolder,
			N8N_PORT: String(this.port),
			N8N_LISTEN_ADDRESS: this.host,
			N8N_HOST: this.host,
			N8N_PROTOCOL: 'http',
			N8N_WEBHOOK_URL: `${this.url}/`,
			N8N_EDITOR_BASE_URL: `${this.url}/`,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
			DB_TYPE: 'sqlite',
			DB_SQLITE_POOL_SIZE: '2',
			N8N_LOG_LEVEL: 'info',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			NODE_ENV: 'production',
			...this.extraEnv,
		};
	}

	/** The last lines of this instance's log, for error messages. */
	async logTail(lines = 60): Promise<string> {
		try {
			return tail(await readFile(this.logFile, 'utf8'), lines);
		} catch {
			return '(no log)';
		}
	}

	private async fail(message: string, result?: RunResult): Promise<never> {
		const output = result ? `\n--- output ---\n${tail(result.stdout + result.stderr)}` : '';
		throw new Error(`${message}${output}\n--- ${this.logFile} (tail) ---\n${await this.logTail()}`);
	}

	/** Runs an n8n CLI command (`n8n <args>`) against this user folder. */
	async cli(args: string[], options: { timeoutMs?: number } = {}): Promise<RunResult> {
		const { n8nBin } = await ensureToolchain();
		const log = this.logStream();
		log.write(`\n$ n8n ${args.join(' ')}\n`);
		const result = await run(n8nBin, args, {
			cwd: this.userFolder,
			env: await this.env(),
			timeoutMs: options.timeoutMs ?? 300_000,
		});
		// Token-like fields are blanked before anything reaches the log.
		const shown = redact(result);
		log.write(shown.stdout);
		log.write(shown.stderr);
		log.write(`(exit ${result.code}${result.signal ? `, signal ${result.signal}` : ''})\n`);
		return result;
	}

	private async cliOrThrow(args: string[]): Promise<RunResult> {
		const result = await this.cli(args);
		if (result.code !== 0)
			await this.fail(`n8n ${args[0]} failed (exit ${result.code})`, redact(result));
		return result;
	}

	/**
	 * Installs a tarball as n8n installs a community package: `<userFolder>/.n8n/nodes/package.json`
	 * depends on it and `npm install` puts it in `node_modules` there.
	 */
	async installPackage(tarball: string): Promise<void> {
		const { path: PATH } = await ensureToolchain();
		await mkdir(this.nodesFolder, { recursive: true });
		const manifest = path.join(this.nodesFolder, 'package.json');
		const existing = existsSync(manifest)
			? (JSON.parse(await readFile(manifest, 'utf8')) as { dependencies?: Record<string, string> })
			: {};
		// The tarball is copied next to package.json so the folder stays installable after the
		// temporary pack folder is gone.
		const localTarball = path.join(this.nodesFolder, path.basename(tarball));
		if (path.resolve(tarball) !== localTarball) await copyFile(tarball, localTarball);
		const dependencies = {
			...(existing.dependencies ?? {}),
			[PACKAGE_NAME]: `file:./${path.basename(tarball)}`,
		};
		await writeFile(
			manifest,
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies }, null, 2),
		);
		// A fresh copy each time: npm keeps a cached extraction of a file: tarball with the same name.
		await rm(path.join(this.nodesFolder, 'node_modules', PACKAGE_NAME), {
			recursive: true,
			force: true,
		});
		await rm(path.join(this.nodesFolder, 'package-lock.json'), { force: true });
		const result = await run(
			'npm',
			['install', '--ignore-scripts', '--no-audit', '--no-fund', '--omit=dev', '--omit=peer'],
			{
				cwd: this.nodesFolder,
				env: { ...process.env, PATH },
				log: this.logStream(),
			},
		);
		if (result.code !== 0) await this.fail('npm install of the package tarball failed', result);
		if (!existsSync(path.join(this.nodesFolder, 'node_modules', PACKAGE_NAME, 'package.json'))) {
			await this.fail(
				`${PACKAGE_NAME} is missing from ${this.nodesFolder}/node_modules after npm install`,
			);
		}
	}

	private async writeTemp(name: string, data: unknown): Promise<string> {
		const folder = path.join(this.userFolder, 'tmp');
		await mkdir(folder, { recursive: true });
		const file = path.join(folder, `${name}-${randomBytes(4).toString('hex')}.json`);
		await writeFile(file, JSON.stringify(data, null, 2), { mode: 0o600 });
		return file;
	}

	/** `n8n import:credentials`; an entry with an existing id replaces that credential's data. */
	async importCredentials(list: CredentialEntry[]): Promise<void> {
		const file = await this.writeTemp('credentials', list);
		try {
			await this.cliOrThrow(['import:credentials', `--input=${file}`]);
		} finally {
			await rm(file, { force: true });
		}
	}

	/** `n8n import:workflow`; an entry with an existing id replaces that workflow. */
	async importWorkflows(list: WorkflowEntry[]): Promise<void> {
		const file = await this.writeTemp('workflows', list);
		try {
			await this.cliOrThrow(['import:workflow', `--input=${file}`]);
		} finally {
			await rm(file, { force: true });
		}
	}

	/**
	 * `n8n publish:workflow --id`: makes the current version the active one. Takes effect when
	 * `n8n start` starts (n8n says: restart a running instance for it to take effect).
	 */
	async publishWorkflow(id: string): Promise<void> {
		// n8n 1.x has no publishing: a workflow is activated.
		await this.cliOrThrow(N8N_MAJOR >= 2 ? ['publish:workflow', `--id=${id}`] : ['update:workflow', `--id=${id}`, '--active=true']);
	}

	/** `n8n export:credentials --all --decrypted`: every stored credential with its plain data. */
	async exportCredentials(): Promise<CredentialEntry[]> {
		const file = path.join(this.userFolder, 'tmp', `export-${randomBytes(4).toString('hex')}.json`);
		await mkdir(path.dirname(file), { recursive: true });
		try {
			await this.cliOrThrow(['export:credentials', '--all', '--decrypted', `--output=${file}`]);
			return JSON.parse(await readFile(file, 'utf8')) as CredentialEntry[];
		} finally {
			await rm(file, { force: true });
		}
	}

	/** One stored credential, decrypted. */
	async credential(id: string): Promise<CredentialEntry> {
		const found = (await this.exportCredentials()).find((entry) => entry.id === id);
		if (!found) throw new Error(`credential ${id} is not stored`);
		return found;
	}

	/**
	 * `n8n execute --id=<id> --rawOutput`: runs a workflow that starts with a Manual Trigger and
	 * returns its run data (n8n prints it as JSON on stdout). Throws when the run fails.
	 */
	async execute(workflowId: string): Promise<RunData> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
		const runData = parseRunJson(result.stdout);
		// n8n prints the run only after it is stored; a process that then dies on its way out
		// (seen once: ended by a signal after printing a successful run) still ran the workflow.
		const completed = runData?.finished === true && runData.status === 'success';
		if (!runData || (result.code !== 0 && !completed)) {
			// n8n prints the failed run (and so the error) through its logger, on stdout.
			return await this.fail(
				`n8n execute --id=${workflowId} failed (exit ${result.code})`,
				redact(result),
			);
		}
		return runData;
	}

	/**
	 * Polls `probe` every `intervalMs` until it reports done, and returns its value. Fails with what
	 * it waited for, what it saw last and the tail of n8n's log when the deadline passes or, while
	 * waiting on a started n8n, when that process exits.
	 */
	private async waitFor<T>(
		what: string,
		probe: () => Promise<Probe<T>>,
		options: { timeoutMs: number; intervalMs?: number; whileRunning?: ChildProcess },
	): Promise<T> {
		const started = Date.now();
		let seen = 'nothing yet';
		let fatal = false;
		for (;;) {
			const child = options.whileRunning;
			if (child && (child.exitCode !== null || child.signalCode !== null)) {
				if (this.server === child) this.server = undefined;
				return await this.fail(
					`n8n (${this.url}, ${path.basename(this.logFile)}) exited (code ${child.exitCode}, signal ${child.signalCode}) while waiting for ${what}; last seen: ${seen}`,
				);
			}
			try {
				const result = await probe();
				if (result.done) return result.value;
				seen = result.seen;
				if (result.fatal) {
					fatal = true;
					break;
				}
			} catch (error) {
				const cause = (error as { cause?: { code?: string; message?: string } }).cause;
				seen = `${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
			}
			const elapsed = Date.now() - started;
			if (elapsed >= options.timeoutMs) break;
			await delay(Math.min(options.intervalMs ?? 500, options.timeoutMs - elapsed));
		}
		return await this.fail(
			fatal
				? `n8n at ${this.url}: gave up waiting for ${what} after ${Date.now() - started} ms, on an answer waiting will not change: ${seen}`
				: `n8n at ${this.url}: waited ${Date.now() - started} ms for ${what}; last seen: ${seen}`,
		);
	}

	/**
	 * Spawns `n8n start` and waits until it really serves: n8n 2.40.7 listens before it migrates its
	 * database, and meanwhile answers /healthz with 200 and every other route with 200 and the text
	 * "n8n is starting up. Please wait" (packages/cli/src/abstract-server.ts, setupHealthCheck). So
	 * readiness is taken from /healthz/readiness, which answers 200 {"status":"ok"} only once the
	 * database is connected and migrated and every route is mounted (Server.start → markAsReady),
	 * then from a JSON answer of /rest/settings, then from n8n's "Editor is now accessible via" line,
	 * which it logs after activating the published workflows (commands/start.ts, run()).
	 *
	 * With `command: 'worker'` or `'webhook'` it spawns a queue-mode `n8n worker` or `n8n webhook`
	 * processor instead (its environment must carry the queue settings, see queueMode.mts), ready
	 * once /healthz/readiness answers 200 {"status":"ok"}: a worker's health server (on
	 * QUEUE_HEALTH_CHECK_PORT, this instance's port) answers so once the database is migrated, Redis
	 * is connected and the job processor is set up (scaling/worker-server.ts, readiness); the webhook
	 * processor's server once it serves webhooks (commands/webhook.ts, markAsReady).
	 */
	async start(options: { timeoutMs?: number; command?: N8nCommand; args?: string[] } = {}): Promise<void> {
		if (this.server) return;
		const command = options.command ?? 'start';
		const { n8nBin } = await ensureToolchain();
		const log = this.logStream();
		log.write(`\n$ n8n ${[command, ...(options.args ?? [])].join(' ')} (${this.url})\n`);
		const child = spawn(n8nBin, [command, ...(options.args ?? [])], {
			cwd: this.userFolder,
			env: await this.env(),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.server = child;
		child.stdout?.pipe(log, { end: false });
		child.stderr?.pipe(log, { end: false });
		this.serverExit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
		let output = '';
		let editorAnnounced = false;
		const watch = (chunk: Buffer) => {
			output = (output + chunk.toString()).slice(-4096);
			if (output.includes(EDITOR_ANNOUNCEMENT)) editorAnnounced = true;
		};
		child.stdout?.on('data', watch);
		child.stderr?.on('data', watch);

		const timeoutMs = options.timeoutMs ?? 180_000;
		const deadline = Date.now() + timeoutMs;
		const remaining = () => Math.max(deadline - Date.now(), 0);
		try {
			await this.waitFor(
				`GET /healthz/readiness of n8n ${command} to answer 200 {"status":"ok"} (database migrated, ${command === 'worker' ? 'Redis connected, jobs taken' : 'routes mounted'})`,
				async () => {
					const answer = await this.probe('/healthz/readiness');
					return answer.status === 200 && jsonField(answer.body, 'status') === 'ok'
						? { done: true, value: undefined }
						: { done: false, seen: describeAnswer(answer) };
				},
				{ timeoutMs: remaining(), whileRunning: child },
			);
			if (command !== 'start') return;
			await this.waitFor(
				'GET /rest/settings to answer JSON settings',
				async () => {
					const answer = await this.probe('/rest/settings');
					return answer.status === 200 && settingsOf(answer.body)
						? { done: true, value: undefined }
						: { done: false, seen: describeAnswer(answer) };
				},
				{ timeoutMs: remaining(), whileRunning: child },
			);
			// Logged at info level; a caller that turned the log level down gets no such line.
			if (['info', 'debug', 'verbose'].includes(this.extraEnv.N8N_LOG_LEVEL ?? 'info')) {
				await this.waitFor(
					`n8n to log "${EDITOR_ANNOUNCEMENT}" (published workflows activated)`,
					async () =>
						editorAnnounced
							? { done: true, value: undefined }
							: { done: false, seen: 'no such line yet' },
					{ timeoutMs: remaining(), intervalMs: 200, whileRunning: child },
				);
			}
		} catch (error) {
			await this.stop();
			throw error;
		}
	}

	/** One unauthenticated GET with a short timeout, for the readiness probes. */
	private async probe(route: string): Promise<Answer> {
		const response = await fetch(`${this.url}${route}`, { signal: AbortSignal.timeout(5000) });
		return { status: response.status, body: parseBody(await response.text()) };
	}

	get running(): boolean {
		return this.server !== undefined;
	}

	/** Resolves with the exit code when the started n8n ends (by itself or through stop()). */
	whenExited(): Promise<number | null> {
		return this.serverExit ?? Promise.resolve(null);
	}

	/** Stops the started n8n process (SIGTERM, then SIGKILL after a grace period). */
	async stop(graceMs = 20_000): Promise<void> {
		const child = this.server;
		if (!child) return;
		this.server = undefined;
		this.cookie = undefined;
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			const killed = await Promise.race([
				this.serverExit!.then(() => true),
				delay(graceMs).then(() => false),
			]);
			if (!killed) {
				child.kill('SIGKILL');
				await this.serverExit;
			}
		}
	}

	/**
	 * Stops n8n and closes the log. With `removeFolder`, deletes the user folder too, unless
	 * PLUM_E2E_KEEP=1 asks to keep it for a look at the database and n8n.log.
	 */
	async dispose(options: { removeFolder?: boolean } = {}): Promise<void> {
		await this.stop();
		const log = this.log;
		this.log = undefined;
		if (log) await new Promise<void>((resolve) => log.end(resolve));
		if (options.removeFolder && process.env.PLUM_E2E_KEEP !== '1') {
			await rm(this.userFolder, { recursive: true, force: true });
		}
	}

	// ---------------------------------------------------------------- HTTP (running instance)

	/** A request to the running instance; sends the login cookie or API key when there is one. */
	async request(
		method: string,
		route: string,
		body?: unknown,
		headers: Record<string, string> = {},
	): Promise<{ status: number; body: unknown; headers: Headers }> {
		const response = await fetch(`${this.url}${route}`, {
			method,
			headers: {
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...(this.cookie ? { cookie: this.cookie } : {}),
				...headers,
			},
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
			signal: AbortSignal.timeout(60_000),
		});
		const parsed = parseBody(await response.text());
		const setCookie = response.headers.getSetCookie?.() ?? [];
		const auth = setCookie.find((cookie) => cookie.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		return { status: response.status, body: parsed, headers: response.headers };
	}

	/** Whether the instance owner has been set up (GET /rest/settings → userManagement.showSetupOnFirstLoad). */
	async ownerIsSetUp(): Promise<boolean> {
		const answer = await this.request('GET', '/rest/settings');
		const settings = answer.status === 200 ? settingsOf(answer.body) : undefined;
		if (!settings) await this.fail(`GET /rest/settings: expected JSON settings, got ${describeAnswer(answer)}`);
		return settings!.userManagement.showSetupOnFirstLoad === false;
	}

	/**
	 * POST /rest/owner/setup: turns the instance's shell owner into a real account, then proves it by
	 * logging in as that owner (see login()). Fails unless both worked.
	 */
	async setupOwner(owner: OwnerAccount): Promise<void> {
		const answer = await this.request('POST', '/rest/owner/setup', owner);
		if (answer.status !== 200 || !sameEmail(userEmailOf(answer.body), owner.email)) {
			await this.fail(
				`POST /rest/owner/setup: expected 200 with the owner ${owner.email}, got ${describeAnswer(answer)}`,
			);
		}
		await this.login(owner.email, owner.password);
	}

	/**
	 * POST /rest/login with emailOrLdapLoginId/password, then GET /rest/login with the n8n-auth cookie
	 * it set, which must name the same user. Throws N8nLoginRejected when n8n rejects the password
	 * (401), and fails with the log tail on any other answer.
	 */
	async login(email: string, password: string): Promise<void> {
		this.cookie = undefined;
		const answer = await this.request('POST', '/rest/login', {
			emailOrLdapLoginId: email,
			password,
		});
		if (answer.status === 401) {
			throw new N8nLoginRejected(`n8n at ${this.url} rejected the login of ${email}: ${describeAnswer(answer)}`);
		}
		if (answer.status !== 200 || !sameEmail(userEmailOf(answer.body), email) || !this.cookie) {
			await this.fail(
				`POST /rest/login as ${email}: expected 200 with that user and an n8n-auth cookie, got ${describeAnswer(answer)}${this.cookie ? '' : ' (no cookie)'}`,
			);
		}
		const me = await this.request('GET', '/rest/login');
		if (me.status !== 200 || !sameEmail(userEmailOf(me.body), email)) {
			await this.fail(`GET /rest/login after logging in as ${email}: got ${describeAnswer(me)}`);
		}
	}

	/** Sets up the owner unless there is one already, then logs in as that owner (verified). */
	async ensureOwner(owner: OwnerAccount): Promise<'created' | 'existing'> {
		if (!(await this.ownerIsSetUp())) {
			await this.setupOwner(owner);
			return 'created';
		}
		await this.login(owner.email, owner.password);
		return 'existing';
	}

	/**
	 * Creates a public-API key (POST /rest/api-keys, as the logged-in owner) with every scope the
	 * owner may grant, and uses it for publicApi() calls.
	 */
	async createApiKey(label = 'e2e', options: { timeoutMs?: number } = {}): Promise<string> {
		if (!this.cookie) throw new Error('log in (setupOwner, login or ensureOwner) before createApiKey()');
		const timeoutMs = options.timeoutMs ?? 30_000;
		const scopes = await this.waitFor(
			'GET /rest/api-keys/scopes to answer 200 with a list of scopes',
			async () => {
				const answer = await this.request('GET', '/rest/api-keys/scopes');
				const data = jsonField(answer.body, 'data');
				return answer.status === 200 && Array.isArray(data)
					? { done: true, value: data as unknown[] }
					: // A 401 will not turn into a list by waiting: the session is not the owner's.
						{ done: false, seen: describeAnswer(answer), fatal: answer.status === 401 };
			},
			{ timeoutMs },
		);
		let attempt = 0;
		const rawKey = await this.waitFor(
			'POST /rest/api-keys to answer 200 with a raw API key',
			async () => {
				const body = { label: attempt === 0 ? label : `${label}-${attempt}`, scopes, expiresAt: null };
				attempt++;
				const answer = await this.request('POST', '/rest/api-keys', body);
				const key = jsonField(jsonField(answer.body, 'data'), 'rawApiKey');
				return answer.status === 200 && typeof key === 'string' && key !== ''
					? { done: true, value: key }
					: { done: false, seen: describeAnswer(answer), fatal: answer.status === 401 };
			},
			{ timeoutMs, intervalMs: 1000 },
		);
		this.apiKey = rawKey;
		return rawKey;
	}

	/** A call to the public API (/api/v1) with the key from createApiKey(). */
	async publicApi(
		method: string,
		route: string,
		body?: unknown,
	): Promise<{ status: number; body: unknown }> {
		if (!this.apiKey) throw new Error('call createApiKey() first');
		const saved = this.cookie;
		this.cookie = undefined;
		try {
			return await this.request(method, `/api/v1${route}`, body, { 'x-n8n-api-key': this.apiKey });
		} finally {
			this.cookie = saved;
		}
	}

	/** Executions of a workflow, newest first, with their run data (public API GET /executions). */
	async executions(workflowId: string): Promise<PublicExecution[]> {
		const result = await this.publicApi(
			'GET',
			`/executions?workflowId=${encodeURIComponent(workflowId)}&includeData=true&limit=250`,
		);
		if (result.status !== 200)
			await this.fail(
				`GET /api/v1/executions answered ${result.status}: ${JSON.stringify(result.body)}`,
			);
		return (result.body as { data: PublicExecution[] }).data;
	}

	/** Workflows visible to the logged-in user (GET /rest/workflows). */
	async workflows(): Promise<
		Array<{ id: string; name: string; active: boolean; activeVersionId?: string | null }>
	> {
		const result = await this.request('GET', '/rest/workflows');
		if (result.status !== 200) await this.fail(`GET /rest/workflows answered ${result.status}`);
		return (result.body as { data: Array<{ id: string; name: string; active: boolean }> }).data;
	}
}

/** Creates (does not start) an n8n instance; the user folder is created when missing. */
export async function createN8nInstance(options: CreateN8nOptions = {}): Promise<N8nInstance> {
	const userFolder = options.userFolder ?? (await mkdtemp(path.join(tmpdir(), 'plum-n8n-')));
	await mkdir(userFolder, { recursive: true });
	return new N8nInstance({
		userFolder: path.resolve(userFolder),
		port: options.port ?? (await freePort()),
		host: options.host ?? '127.0.0.1',
		encryptionKey:
			options.encryptionKey ??
			(await storedEncryptionKey(userFolder)) ??
			randomBytes(24).toString('hex'),
		env: options.env ?? {},
		logName: options.logName,
	});
}

// ------------------------------------------------------------------ helpers

/** The key n8n wrote into `<userFolder>/.n8n/config` on an earlier run, so a kept folder stays readable. */
async function storedEncryptionKey(userFolder: string): Promise<string | undefined> {
	try {
		const config = JSON.parse(await readFile(path.join(userFolder, '.n8n', 'config'), 'utf8')) as {
			encryptionKey?: string;
		};
		return config.encryptionKey || undefined;
	} catch {
		return undefined;
	}
}

/** What n8n 2.40.7's `n8n start` logs once the published workflows are active. */
const EDITOR_ANNOUNCEMENT = 'Editor is now accessible via';

/** Thrown by login() when n8n rejects the email and password (401). */
export class N8nLoginRejected extends Error {
	override name = 'N8nLoginRejected';
}

/** What a waitFor() probe saw: done, not yet, or something waiting will not change (fatal). */
type Probe<T> = { done: true; value: T } | { done: false; seen: string; fatal?: boolean };

interface Answer {
	status: number;
	body: unknown;
}

/** JSON when the text is JSON, the text itself otherwise (n8n's "starting up" page is text). */
function parseBody(text: string): unknown {
	if (text === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** `object[key]` when `object` is a JSON object. */
function jsonField(object: unknown, key: string): unknown {
	return object !== null && typeof object === 'object' && !Array.isArray(object)
		? (object as Record<string, unknown>)[key]
		: undefined;
}

/** The `data` of a GET /rest/settings answer, when it is n8n's settings JSON. */
function settingsOf(
	body: unknown,
): { userManagement: { showSetupOnFirstLoad?: boolean } } | undefined {
	const data = jsonField(body, 'data');
	const userManagement = jsonField(data, 'userManagement');
	return userManagement !== undefined && typeof userManagement === 'object'
		? (data as { userManagement: { showSetupOnFirstLoad?: boolean } })
		: undefined;
}

/** The email of the user in a `{ data: user }` answer (owner setup, login). */
function userEmailOf(body: unknown): string | undefined {
	const email = jsonField(jsonField(body, 'data'), 'email');
	return typeof email === 'string' ? email : undefined;
}

function sameEmail(a: string | undefined, b: string): boolean {
	return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** An answer for an error message: status and the start of its body (never a whole page). */
function describeAnswer(answer: Answer): string {
	const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
	const body = text === undefined ? '(empty)' : text.replace(/\s+/g, ' ').slice(0, 200);
	return `${answer.status} ${body}`;
}

function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Blanks values of token-like JSON fields so error messages never show secrets. */
function redact(result: RunResult): RunResult {
	const scrub = (text: string) =>
		text.replace(
			/("(?:accessToken|refreshToken|access_token|refresh_token|clientSecret|client_secret|apiKey|authorization|Authorization)"\s*:\s*)"[^"]*"/g,
			'$1"[redacted]"',
		);
	return { ...result, stdout: scrub(result.stdout), stderr: scrub(result.stderr) };
}

/**
 * n8n 2.40.7's `execute --rawOutput` prints `JSON.stringify(run, null, 2)` on stdout, possibly
 * among log lines; the run is the last top-level `{ ... }` block.
 */
/** A fresh n8n in a temporary folder with this package packed and installed as a community package. */
export async function createN8nWithPackage(options: CreateN8nOptions = {}): Promise<N8nInstance> {
	const tarball = await packPackage();
	const n8n = await createN8nInstance(options);
	await n8n.installPackage(tarball);
	await removePackedTarball(tarball);
	return n8n;
}

export function parseRunJson(stdout: string): RunData | undefined {
	const lines = stdout.split('\n');
	for (let start = 0; start < lines.length; start++) {
		if (lines[start] !== '{') continue;
		for (let end = lines.length - 1; end > start; end--) {
			if (lines[end] !== '}') continue;
			try {
				const parsed = JSON.parse(lines.slice(start, end + 1).join('\n')) as RunData;
				if (parsed?.data?.resultData) return parsed;
			} catch {
				// not this block
			}
		}
	}
	return undefined;
}

// ------------------------------------------------------------------ workflow builders

export interface PlumNodeOptions {
	parameters: Record<string, unknown>;
	credentialId: string;
	credentialName?: string;
	name?: string;
}

const MANUAL_TRIGGER = 'When clicking ‘Execute workflow’';

/** Manual Trigger → Plum, runnable with `n8n execute`. */
export function manualPlumWorkflow(id: string, name: string, plum: PlumNodeOptions): WorkflowEntry {
	const plumName = plum.name ?? 'Plum';
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {
			[MANUAL_TRIGGER]: { main: [[{ node: plumName, type: 'main', index: 0 }]] },
		},
		nodes: [
			testNode({ name: MANUAL_TRIGGER, type: 'n8n-nodes-base.manualTrigger' }),
			plumNode({
				name: plumName,
				position: [220, 0],
				parameters: plum.parameters,
				credentials: {
					plumOAuth2Api: { id: plum.credentialId, name: plum.credentialName ?? 'Plum' },
				},
			}),
		],
	};
}

export interface PlumTriggerOptions {
	/** Fixed, so the production URL is known in advance: /webhook/<webhookId>/webhook. */
	webhookId: string;
	credentialId: string;
	credentialName?: string;
	events?: Array<'delivered' | 'canceled'>;
	authentication?: 'headerKey' | 'none';
}

/** Plum Trigger → NoOp, to be published and driven through its production webhook URL. */
export function triggerWorkflow(
	id: string,
	name: string,
	trigger: PlumTriggerOptions,
): WorkflowEntry {
	const authentication = trigger.authentication ?? 'headerKey';
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveManualExecutions: true },
		connections: {
			'Plum Trigger': { main: [[{ node: 'Received', type: 'main', index: 0 }]] },
		},
		nodes: [
			plumTriggerNode({
				webhookId: trigger.webhookId,
				parameters: {
					authentication,
					events: trigger.events ?? ['delivered', 'canceled'],
					fetchOrderDetails: false,
				},
				credentials:
					authentication === 'headerKey'
						? {
								plumWebhookApi: {
									id: trigger.credentialId,
									name: trigger.credentialName ?? 'Plum webhook',
								},
							}
						: {},
			}),
			testNode({ name: 'Received', type: 'n8n-nodes-base.noOp', position: [220, 0] }),
		],
	};
}

/** Random id in n8n's style (16 alphanumerics) for credentials and workflows. */
export function n8nId(): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = randomBytes(16);
	return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
}
