import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

/**
 * Plum has no endpoint that knows the webhook key, so "Test" checks what Plum's dashboard accepts:
 * 13 to 60 letters and digits (docs/plum-api.md §8).
 */
export async function plumWebhookApiKeyTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const apiKey = String(credential.data?.apiKey ?? '');
	if (/^[A-Za-z0-9]{13,60}$/.test(apiKey)) {
		return await Promise.resolve({
			status: 'OK',
			message: 'The key has a form Plum accepts. Use the same value in Plum\'s x-api-key custom header.',
		});
	}
	return {
		status: 'Error',
		message: `Plum's dashboard accepts 13 to 60 letters and digits as the x-api-key value; this key has ${apiKey.length} characters${/[^A-Za-z0-9]/.test(apiKey) ? ' and other symbols' : ''}.`,
	};
}
