import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { describeTokenLifetimes } from '../../../credentials/plumToken';
import type { PlumTokenValidation } from '../../../credentials/plumToken';
import { CREDENTIAL_TYPE, plumRequest } from '../transport';
import type { PlumContext } from '../transport';

/**
 * Validates the access token with Plum (GET /v1/oauth/token, docs/plum-api.md §2.5), which the
 * credential refreshes first when the token is due or when `tokenIssuedAfter` asks for a newer
 * one, and reports both tokens' lifetimes. Tokens themselves never appear in the result.
 */
export async function validateToken(
	this: PlumContext,
	options: { itemIndex?: number; tokenIssuedAfter?: number } = {},
): Promise<IDataObject> {
	const { body } = await plumRequest.call(this, {
		method: 'GET',
		path: '/v1/oauth/token',
		retryable: true,
		tokenIssuedAfter: options.tokenIssuedAfter,
		itemIndex: options.itemIndex,
	});
	// Read after the call: the credential may have been refreshed by it.
	const credentials = await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE, options.itemIndex);
	return describeTokenLifetimes(credentials, (body ?? {}) as PlumTokenValidation, Date.now());
}
