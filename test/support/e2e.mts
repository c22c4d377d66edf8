/**
 * The setup every end-to-end test file shares: a real n8n with the packed package installed, a
 * local Plum sandbox reset with the file's config, a "Plum OAuth2 API" credential made from the
 * sandbox's seeded tokens, the file's workflows imported (and published), and, for `start:
 * 'server'`, a running n8n with an owner logged in and a public-API key.
 */
import { afterAll, beforeAll } from 'vitest';

import { plumCredentialData, SandboxAdmin } from '../../sandbox/client.mts';
import type { ConfigOverrides, ResetResult } from '../../sandbox/client.mts';
import { startSandbox, type SandboxHandle } from '../../sandbox/server.mts';
import {
	createN8nWithPackage,
	manualPlumWorkflow,
	type CreateN8nOptions,
	type CredentialEntry,
	type N8nInstance,
	type OwnerAccount,
	type PublicExecution,
	type WorkflowEntry,
} from './n8n.mts';

export const E2E_OWNER: OwnerAccount = {
	email: 'e2e-owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-owner-pass-1',
};

export interface N8nWithSandboxOptions {
	/** The Plum OAuth2 credential to import, with the sandbox's seeded tokens. */
	credential: { id: string; name: string };
	/** Whose seeded tokens the credential holds. Defaults to 'user'. */
	tokenType?: 'user' | 'company';
	/** The sandbox's config for its reset; a function receives the (not yet started) n8n, e.g. for its URL. */
	sandboxConfig?: ConfigOverrides | ((n8n: N8nInstance) => ConfigOverrides);
	/** Further credentials to import alongside. */
	credentials?: CredentialEntry[];
	/** The workflows to import, built once the sandbox is seeded. */
	workflows?: (fixture: N8nWithSandbox) => WorkflowEntry[] | Promise<WorkflowEntry[]>;
	/** Workflow ids to publish before n8n starts, so `n8n start` activates them. */
	publish?: string[];
	/**
	 * 'cli' (default): n8n is driven through its CLI only (`n8n execute`). 'server': `n8n start`,
	 * owner set up and logged in, and a public-API key for n8n.executions().
	 */
	start?: 'cli' | 'server';
	/** The owner for `start: 'server'`. Defaults to E2E_OWNER. */
	owner?: OwnerAccount;
	/** How to create the n8n instance (port, extra environment such as a database), asked for in beforeAll. */
	n8nOptions?: () => CreateN8nOptions | Promise<CreateN8nOptions>;
}

/** Filled in by beforeAll; read it inside tests and hooks only. */
export interface N8nWithSandbox {
	n8n: N8nInstance;
	sandbox: SandboxHandle;
	admin: SandboxAdmin;
	seeded: ResetResult;
	/** The id and name of the imported Plum OAuth2 credential. */
	credential: { id: string; name: string };
	/** The owner logged in, with `start: 'server'`. */
	owner?: OwnerAccount;
	/** The data of a Plum OAuth2 credential with the seeded tokens (what was imported). */
	credentialData(): ReturnType<typeof plumCredentialData>;
	/** Manual Trigger → Plum with the imported credential, runnable with n8n.execute(id). */
	plumWorkflow(id: string, name: string, parameters: Record<string, unknown>): WorkflowEntry;
}

/**
 * Call at the top of an e2e test file: registers the beforeAll that sets everything up and the
 * afterAll that stops n8n (deleting its folder unless PLUM_E2E_KEEP=1) and the sandbox.
 */
export function useN8nWithSandbox(options: N8nWithSandboxOptions): N8nWithSandbox {
	const fixture = {
		credential: options.credential,
		credentialData: () =>
			plumCredentialData(fixture.sandbox.baseUrl, fixture.seeded[options.tokenType ?? 'user']),
		plumWorkflow: (id, name, parameters) =>
			manualPlumWorkflow(id, name, {
				credentialId: options.credential.id,
				credentialName: options.credential.name,
				parameters,
			}),
	} as N8nWithSandbox;

	beforeAll(async () => {
		fixture.n8n = await createN8nWithPackage(await options.n8nOptions?.());
		fixture.sandbox = await startSandbox({ port: 0 });
		fixture.admin = new SandboxAdmin(fixture.sandbox.url);
		const config =
			typeof options.sandboxConfig === 'function'
				? options.sandboxConfig(fixture.n8n)
				: options.sandboxConfig;
		fixture.seeded = await fixture.admin.reset(config);

		const { n8n } = fixture;
		await n8n.importCredentials([
			{ ...options.credential, type: 'plumOAuth2Api', data: fixture.credentialData() },
			...(options.credentials ?? []),
		]);
		const workflows = (await options.workflows?.(fixture)) ?? [];
		if (workflows.length > 0) await n8n.importWorkflows(workflows);
		for (const id of options.publish ?? []) await n8n.publishWorkflow(id);

		if (options.start === 'server') {
			fixture.owner = options.owner ?? E2E_OWNER;
			await n8n.start();
			await n8n.setupOwner(fixture.owner);
			await n8n.createApiKey('plum-e2e');
		}
	});

	afterAll(async () => {
		await fixture.n8n?.dispose({ removeFolder: true });
		await fixture.sandbox?.close();
	});

	return fixture;
}

/** Execution states that have not ended yet. */
const STILL_GOING = new Set(['new', 'running']);

/** Waits until a workflow has at least `count` executions (newest first), all of them ended; fails with n8n's log on a timeout. */
export async function waitForExecutions(n8n: N8nInstance, workflowId: string, count: number, timeoutMs = 60_000): Promise<PublicExecution[]> {
	const deadline = Date.now() + timeoutMs;
	let executions: PublicExecution[] = [];
	while (Date.now() < deadline) {
		executions = await n8n.executions(workflowId);
		// Counted only once each has ended: an execution queued or still running has no run data yet
		// (in queue mode on n8n 1.x the row is stored as "new" before a worker picks it up).
		if (executions.length >= count && executions.every((execution) => !STILL_GOING.has(execution.status))) return executions;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`expected ${count} ended executions of ${workflowId}, found ${executions.length} (${executions.map((execution) => execution.status).join(', ')})\n${await n8n.logTail()}`);
}
