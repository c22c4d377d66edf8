/**
 * `npm run sandbox`: runs the Plum sandbox on PORT (default 4010) with pinned client credentials and
 * refresh tokens, so a local n8n credential keeps working across restarts until its token is rotated.
 * SANDBOX_LOG=1 prints one line per request.
 */
import { startSandbox } from './server.mts';
import { SandboxAdmin } from './client.mts';

async function main(): Promise<void> {
	const port = Number(process.env.PORT ?? 4010);
	const handle = await startSandbox({
		port,
		log: process.env.SANDBOX_LOG === '1' ? (line) => console.log(line) : undefined,
	});
	const seeded = await new SandboxAdmin(handle.url).reset({
		clients: {
			user: {
				clientId: process.env.SANDBOX_USER_CLIENT_ID ?? 'sandbox-user-client',
				clientSecret: process.env.SANDBOX_USER_CLIENT_SECRET ?? 'sandbox-user-secret',
				refreshToken: process.env.SANDBOX_USER_REFRESH_TOKEN ?? 'sandbox-user-refresh-token',
			},
			company: {
				clientId: process.env.SANDBOX_COMPANY_CLIENT_ID ?? 'sandbox-company-client',
				clientSecret: process.env.SANDBOX_COMPANY_CLIENT_SECRET ?? 'sandbox-company-secret',
				refreshToken: process.env.SANDBOX_COMPANY_REFRESH_TOKEN ?? 'sandbox-company-refresh-token',
			},
		},
	});

	console.log(
		`Plum sandbox listening. Base URL: ${handle.baseUrl}  (admin: ${handle.url}/__admin)`,
	);
	for (const client of [seeded.user, seeded.company]) {
		console.log(
			`  ${client.type.padEnd(7)} client_id=${client.clientId} client_secret=${client.clientSecret} refresh_token=${client.refreshToken}`,
		);
	}

	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping the sandbox`);
		handle.close().then(
			() => process.exit(0),
			(error: unknown) => {
				console.error(error);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
