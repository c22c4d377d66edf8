/** Starts one real sandbox per test file and gives each test a freshly reset one. */
import { afterAll, beforeAll, beforeEach } from 'vitest';

import { SEEDED_PRODUCT_IDS } from '../../sandbox/catalogue.mts';
import { plumCredentialData, SandboxAdmin } from '../../sandbox/client.mts';
import type { ConfigOverrides, ResetResult } from '../../sandbox/client.mts';
import { startSandbox } from '../../sandbox/server.mts';
import type { SandboxHandle } from '../../sandbox/server.mts';
import { CredentialStore, StoreCredentialsHelper } from './engine.mts';

export { SEEDED_PRODUCT_IDS };

/** Short penalties so that rate-limit tests wait a second, not a minute. */
export const TEST_CONFIG: ConfigOverrides = { penaltySeconds: 1 };

export interface SandboxFixture {
	handle: SandboxHandle;
	admin: SandboxAdmin;
	seeded: ResetResult;
	store: CredentialStore;
	helper: StoreCredentialsHelper;
	/** Resets the sandbox with another config and stores a fresh credential of the given type. */
	reset(config?: ConfigOverrides, tokenType?: 'user' | 'company'): Promise<void>;
}

/** Call at the top of a test file: a sandbox for the file, reset before each test, and a credential store. */
export function useSandbox(defaults: { config?: ConfigOverrides; tokenType?: 'user' | 'company' } = {}): SandboxFixture {
	const fixture = {} as SandboxFixture;
	fixture.reset = async (config = {}, tokenType = defaults.tokenType ?? 'user') => {
		fixture.seeded = await fixture.admin.reset({ ...TEST_CONFIG, ...defaults.config, ...config });
		fixture.store = new CredentialStore();
		fixture.store.set('plumOAuth2Api', plumCredentialData(fixture.handle.baseUrl, fixture.seeded[tokenType]));
		fixture.helper = new StoreCredentialsHelper(fixture.store);
	};
	beforeAll(async () => {
		fixture.handle = await startSandbox({ port: 0 });
		fixture.admin = new SandboxAdmin(fixture.handle.url);
	});
	afterAll(async () => await fixture.handle?.close());
	beforeEach(async () => await fixture.reset());
	return fixture;
}
