/**
 * `npm run dev` (through scripts/demo.sh): a local n8n with this package installed as a community
 * package, talking to the local Plum sandbox, with a ready credential and example workflows.
 *
 *   - the Plum sandbox on 127.0.0.1:$SANDBOX_PORT (4010)
 *   - the package built, packed and installed afresh into .demo/.n8n/nodes on every run
 *   - credentials "Plum sandbox" (OAuth2, the sandbox's user tokens) and "Plum sandbox webhook"
 *   - the workflows in examples/*.json; the delivery-status one is published, and the sandbox
 *     sends its order callbacks to it
 *   - n8n on 127.0.0.1:$N8N_PORT (5678), owner $DEMO_OWNER_EMAIL / $DEMO_OWNER_PASSWORD
 *
 * Stays in the foreground; Ctrl-C stops n8n and the sandbox. n8n's data lives in .demo/ (kept
 * between runs, gitignored); its log is .demo/n8n.log. Delete .demo/ to start from scratch.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import * as path from 'node:path';

import { plumCredentialData, SandboxAdmin } from '../sandbox/client.mts';
import { startSandbox, type SandboxHandle } from '../sandbox/server.mts';
import {
	createN8nInstance,
	N8nLoginRejected,
	packPackage,
	removePackedTarball,
	REPO_ROOT,
	type N8nInstance,
	type WorkflowEntry,
} from '../test/support/n8n.mts';

const env = process.env;
const SANDBOX_PORT = Number(env.SANDBOX_PORT ?? 4010);
const N8N_PORT = Number(env.N8N_PORT ?? 5678);
const HOST = '127.0.0.1';
const OWNER = {
	email: env.DEMO_OWNER_EMAIL ?? 'demo@example.com',
	password: env.DEMO_OWNER_PASSWORD ?? 'Demo-pass-123',
	firstName: 'Demo',
	lastName: 'User',
};
const USER_FOLDER = path.join(REPO_ROOT, '.demo');
const EXAMPLES = path.join(REPO_ROOT, 'examples');

// The ids the example workflows refer to.
const OAUTH_CREDENTIAL = { id: 'PlumSandboxCred1', name: 'Plum sandbox' };
const WEBHOOK_CREDENTIAL = { id: 'PlumSandboxHook1', name: 'Plum sandbox webhook' };
/** Letters and digits, 13–60 long, as Plum's dashboard requires for the custom header value. */
const WEBHOOK_KEY = env.DEMO_WEBHOOK_KEY ?? 'demoSandboxWebhookKey2024';

const say = (line = '') => process.stdout.write(`${line}\n`);
const step = (line: string) => say(`[demo] ${line}`);

function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, HOST, () => server.close(() => resolve(true)));
	});
}

async function loadExamples(): Promise<WorkflowEntry[]> {
	const files = (await readdir(EXAMPLES)).filter((file) => file.endsWith('.json')).sort();
	return await Promise.all(
		files.map(
			async (file) =>
				JSON.parse(await readFile(path.join(EXAMPLES, file), 'utf8')) as WorkflowEntry,
		),
	);
}

/** The production URL of the first Plum Trigger among the examples, if any. */
function triggerOf(
	workflows: WorkflowEntry[],
): { workflow: WorkflowEntry; webhookId: string } | undefined {
	for (const workflow of workflows) {
		const node = (workflow.nodes as Array<{ type: string; webhookId?: string }>).find(
			(candidate) => candidate.type === 'n8n-nodes-xoxoday-plum.plumTrigger' && candidate.webhookId,
		);
		if (node) return { workflow, webhookId: node.webhookId! };
	}
	return undefined;
}

/** Places an order for the sandbox's delayed-delivery product (90005) through its Plum API. */
async function placePendingOrder(
	baseUrl: string,
	accessToken: string,
): Promise<number | undefined> {
	try {
		const response = await fetch(`${baseUrl}/v1/oauth/api`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
			body: JSON.stringify({
				query: 'plumProAPI.mutation.placeOrder',
				tag: 'plumProAPI',
				variables: {
					data: {
						productId: 90005,
						quantity: 1,
						denomination: 25,
						poNumber: `DEMO-${Date.now()}`,
						email: 'receiver@example.com',
					},
				},
			}),
		});
		const body = (await response.json()) as {
			data?: { placeOrder?: { data?: { orderId?: number } } };
		};
		return body.data?.placeOrder?.data?.orderId;
	} catch {
		return undefined;
	}
}

async function main(): Promise<void> {
	for (const [name, port] of [
		['SANDBOX_PORT', SANDBOX_PORT],
		['N8N_PORT', N8N_PORT],
	] as const) {
		if (!(await portIsFree(port))) {
			throw new Error(
				`port ${port} on ${HOST} is in use; stop what uses it or set ${name} to another port`,
			);
		}
	}

	const examples = await loadExamples();
	const trigger = triggerOf(examples);
	const n8nUrl = `http://${HOST}:${N8N_PORT}`;
	const webhookUrl = trigger ? `${n8nUrl}/webhook/${trigger.webhookId}/webhook` : undefined;

	step(`starting the Plum sandbox on ${HOST}:${SANDBOX_PORT}`);
	const sandbox: SandboxHandle = await startSandbox({
		port: SANDBOX_PORT,
		log: env.SANDBOX_LOG === '1' ? (line) => say(`[sandbox] ${line}`) : undefined,
	});
	let n8n: N8nInstance | undefined;
	let stopping = false;
	const shutdown = async (reason: string, code: number) => {
		if (stopping) return;
		stopping = true;
		step(`${reason}: stopping n8n and the sandbox`);
		try {
			await n8n?.dispose();
		} finally {
			await sandbox.close();
			process.exit(code);
		}
	};
	process.on('SIGINT', () => void shutdown('SIGINT', 0));
	process.on('SIGTERM', () => void shutdown('SIGTERM', 0));

	try {
		const admin = new SandboxAdmin(sandbox.url);
		const seeded = await admin.reset({
			// Order callbacks go to the published example's production URL.
			webhook: webhookUrl ? { url: webhookUrl, apiKey: WEBHOOK_KEY } : {},
		});

		// One pending gift card order, so there is a delivery to complete and watch arrive in n8n.
		const pendingOrderId = await placePendingOrder(sandbox.baseUrl, seeded.user.accessToken);

		step('building and packing the package');
		const tarball = await packPackage();
		n8n = await createN8nInstance({ userFolder: USER_FOLDER, port: N8N_PORT, host: HOST });
		step(`installing ${path.basename(tarball)} into ${path.relative(REPO_ROOT, n8n.nodesFolder)}`);
		await n8n.installPackage(tarball);
		await removePackedTarball(tarball);

		step('importing the credentials and the example workflows');
		await n8n.importCredentials([
			{
				...OAUTH_CREDENTIAL,
				type: 'plumOAuth2Api',
				data: plumCredentialData(sandbox.baseUrl, seeded.user),
			},
			{ ...WEBHOOK_CREDENTIAL, type: 'plumWebhookApi', data: { apiKey: WEBHOOK_KEY } },
		]);
		await n8n.importWorkflows(examples);
		if (trigger) await n8n.publishWorkflow(trigger.workflow.id);

		step(`starting n8n on ${n8nUrl} (log: ${path.relative(REPO_ROOT, n8n.logFile)})`);
		await n8n.start();
		// start() returns once n8n serves (not while it migrates), and ensureOwner() proves the login
		// works, so the login printed below is real. Only an owner kept in .demo/ with another
		// password is tolerated; anything else stops the demo with n8n's log.
		const owner = await n8n.ensureOwner(OWNER).catch((error: Error) => {
			if (!(error instanceof N8nLoginRejected)) throw error;
			step(`the owner kept in .demo/ is not ${OWNER.email} / the configured password (${error.message}); delete .demo/ for a fresh one`);
			return 'unknown' as const;
		});

		say();
		say('  n8n with n8n-nodes-xoxoday-plum is running');
		say(`  n8n:            ${n8nUrl}`);
		say(
			`  login:          ${owner === 'unknown' ? '(the owner account you set up in .demo/)' : `${OWNER.email} / ${OWNER.password}`}`,
		);
		say(`  Plum sandbox:   ${sandbox.baseUrl}   (admin: ${sandbox.url}/__admin)`);
		say(
			`  credentials:    "${OAUTH_CREDENTIAL.name}" (Plum OAuth2 API), "${WEBHOOK_CREDENTIAL.name}" (Plum Webhook API)`,
		);
		say('  workflows:');
		for (const workflow of examples) {
			const published = trigger && workflow.id === trigger.workflow.id ? '  [published]' : '';
			say(`    - ${workflow.name}${published}`);
		}
		if (webhookUrl) {
			say(`  delivery callbacks go to ${webhookUrl}`);
			if (pendingOrderId !== undefined) {
				say(
					`    deliver pending order ${pendingOrderId}: curl -X POST ${sandbox.url}/__admin/orders/${pendingOrderId}/complete`,
				);
			}
		}
		say();
		say('  Ctrl-C stops n8n and the sandbox.');
		say();

		const code = await n8n.whenExited();
		if (!stopping) {
			step(`n8n exited by itself (code ${code}); last lines of its log:\n${await n8n.logTail(30)}`);
			await shutdown('n8n exited', 1);
		}
	} catch (error) {
		process.stderr.write(`[demo] ${(error as Error).message}\n`);
		await shutdown('error', 1);
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`[demo] ${(error as Error).message ?? String(error)}\n`);
	process.exit(1);
});
