/**
 * The one sandbox fixture for tests: a real sandbox per test file, reset before every test, reached over
 * real HTTP. Engine tests also get a credential store holding a Plum OAuth2 credential for the seeded
 * tokens; sandbox tests turn that off so that they load neither n8n nor the nodes.
 */
import axios, { type AxiosResponse } from 'axios';
import { afterAll, beforeAll, beforeEach } from 'vitest';

import { SEEDED_PRODUCT_IDS } from '../../sandbox/catalogue.mts';
import { plumCredentialData, SandboxAdmin } from '../../sandbox/client.mts';
import type { ConfigOverrides, ResetResult, TokenType } from '../../sandbox/client.mts';
import { startSandbox } from '../../sandbox/server.mts';
import type { SandboxHandle } from '../../sandbox/server.mts';
import type { CredentialStore, StoreCredentialsHelper } from './engine.mts';

export { SEEDED_PRODUCT_IDS };

/** Short penalties so that rate-limit tests wait a second, not a minute. */
export const TEST_CONFIG: ConfigOverrides = { penaltySeconds: 1 };

export interface SandboxOptions {
	/** The config the sandbox starts with, on top of TEST_CONFIG; every reset applies its overrides on top of it. */
	config?: ConfigOverrides;
	/** Whose seeded tokens the stored credential holds (default user); `fixture.reset` can pick another. */
	tokenType?: TokenType;
	/** Keep a credential store with a Plum OAuth2 credential (default true, for engine tests). */
	credentials?: boolean;
}

export interface SandboxFixture {
	handle: SandboxHandle;
	admin: SandboxAdmin;
	seeded: ResetResult;
	/** With `credentials` only: the store, refilled at every reset. */
	store: CredentialStore;
	helper: StoreCredentialsHelper;
	/** Resets the sandbox with another config and, with `credentials`, stores a fresh credential of the given type. */
	reset(config?: ConfigOverrides, tokenType?: TokenType): Promise<void>;
}

/** Call at the top of a test file (or describe block): a sandbox for it, reset before each test. */
export function useSandbox(options: SandboxOptions = {}): SandboxFixture {
	const fixture = {} as SandboxFixture;
	fixture.reset = async (config, tokenType = options.tokenType ?? 'user') => {
		fixture.seeded = await fixture.admin.reset(config);
		if (options.credentials === false) return;
		// Loaded here, not at the top: it brings n8n-core and the nodes, which sandbox tests do without.
		const { CredentialStore, StoreCredentialsHelper, forgetProcessState } = await import('./engine.mts');
		forgetProcessState();
		fixture.store = new CredentialStore();
		fixture.store.set(
			'plumOAuth2Api',
			plumCredentialData(fixture.handle.baseUrl, fixture.seeded[tokenType]),
		);
		fixture.helper = new StoreCredentialsHelper(fixture.store);
	};
	beforeAll(async () => {
		fixture.handle = await startSandbox({ port: 0, config: { ...TEST_CONFIG, ...options.config } });
		fixture.admin = new SandboxAdmin(fixture.handle.url);
	});
	afterAll(async () => await fixture.handle?.close());
	beforeEach(async () => await fixture.reset());
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

/** The refresh-token grant for the seeded client of `type`. */
export function refresh(
	fixture: SandboxFixture,
	type: TokenType,
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

/** placeOrder with `data`, for quantity 1 unless `data` says otherwise. */
export function placeOrder(
	fixture: SandboxFixture,
	data: Record<string, unknown>,
): Promise<AxiosResponse> {
	return callApi(fixture, 'plumProAPI.mutation.placeOrder', { data: { quantity: 1, ...data } });
}
