/** Shared setup for the sandbox tests: one sandbox per test file, reset before every test, real HTTP. */
import axios, { type AxiosResponse } from 'axios';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../sandbox/server.mts';
import { SandboxAdmin, type ResetResult } from '../../sandbox/client.mts';
import type { ConfigOverrides } from '../../sandbox/config.mts';

export interface SandboxFixture {
	handle: SandboxHandle;
	admin: SandboxAdmin;
	seeded: ResetResult;
}

/** Starts a sandbox for the file and resets it (with `config`) before each test. */
export function useSandbox(config?: ConfigOverrides): SandboxFixture {
	const fixture = {} as SandboxFixture;
	beforeAll(async () => {
		fixture.handle = await startSandbox({ port: 0, config });
		fixture.admin = new SandboxAdmin(fixture.handle.url);
	});
	beforeEach(async () => {
		fixture.seeded = await fixture.admin.reset();
	});
	afterAll(async () => {
		await fixture.handle?.close();
	});
	return fixture;
}

/** A POST that never throws on HTTP status, so tests can assert error bodies. */
export function post(
	url: string,
	body: unknown,
	headers: Record<string, string> = {},
): Promise<AxiosResponse> {
	return axios.post(url, body, { headers, validateStatus: () => true });
}

export function refresh(
	fixture: SandboxFixture,
	type: 'user' | 'company',
	refreshToken: string,
): Promise<AxiosResponse> {
	const client = fixture.seeded[type];
	return post(`${fixture.handle.baseUrl}/v1/oauth/token/${type}`, {
		grant_type: 'refresh_token',
		refresh_token: refreshToken,
		client_id: client.clientId,
		client_secret: client.clientSecret,
	});
}

const TAGS: Record<string, string> = {
	plumProAPI: 'plumProAPI',
	storesAdmin: 'storeAdmin',
	xoxo_link: 'xoxo_link',
};

/** Calls the dispatcher with `variables` (or a whole custom body) and the user token unless told otherwise. */
export function callApi(
	fixture: SandboxFixture,
	query: string,
	variables: Record<string, unknown> = {},
	options: { token?: string; path?: string; body?: Record<string, unknown> } = {},
): Promise<AxiosResponse> {
	const namespace = query.split('.')[0];
	const token =
		options.token ??
		(namespace === 'storesAdmin'
			? fixture.seeded.company.accessToken
			: fixture.seeded.user.accessToken);
	const body = options.body ?? { query, tag: TAGS[namespace], variables };
	return post(`${fixture.handle.baseUrl}/v1/oauth/api${options.path ?? ''}`, body, {
		Authorization: `Bearer ${token}`,
	});
}
