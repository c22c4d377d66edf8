import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import {
	NO_REFRESH_HEADER,
	plumBaseUrl,
	REFRESH_REFUSED,
	ROTATION_NOT_STORED,
	TOKEN_ISSUED_AFTER_HEADER,
	wasRotatedAway,
} from '../../../credentials/plumToken';
import type { PlumTokenType } from '../../../credentials/plumToken';
import { failureFromBody, PlumApiError, readFailure } from './errors';
import type { PlumFailure } from './errors';
import { accountKeyOf, paceCall, penalize } from './pacer';

/**
 * After Plum refused a refresh, how long to wait before each new look at the stored credential for
 * the pair another n8n process rotated the token into (about 15 s in all: that process stores it
 * only once Plum has answered it, and a loaded worker can take seconds).
 */
const ROTATED_PAIR_LOOKS_MS = [250, 500, 1000, 2000, 4000, 8000];

export type PlumContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions | IPollFunctions;

export const CREDENTIAL_TYPE = 'plumOAuth2Api';

/** Plum's realtime orders take up to 120 s to answer (docs/plum-api.md §4.4). */
const REQUEST_TIMEOUT_MS = 130_000;

/** A webhook reply's look-up: Plum's answer must not wait long (it switches a failing webhook off). */
const FAST_FAIL_TIMEOUT_MS = 4_000;
const MAX_RATE_LIMIT_WAITS = 3;
const MAX_PENALTY_WAIT_SECONDS = 120;
const MAX_READ_RETRIES = 2;
const READ_RETRY_DELAY_MS = 1_000;

export interface PlumRequest {
	method: IHttpRequestMethods;
	/** Path after the base URL, e.g. /v1/oauth/api */
	path: string;
	body?: IDataObject;
	/** Safe to send again after a 5xx or a lost connection (reads only). */
	retryable: boolean;
	/** The token type the call needs; a credential of the other type fails before anything is sent. */
	tokenType?: PlumTokenType;
	/** Ask the credential for an access token issued at or after this epoch ms (forces a refresh). */
	tokenIssuedAfter?: number;
	/** Answer within seconds: a short timeout, no retries, no rate-limit waits, no token refresh (for webhook replies). */
	fastFail?: boolean;
	/** Plum's operation (placeOrder, getVouchers ...): its calls are paced to Plum's per-minute limit. */
	operation?: string;
	itemIndex?: number;
}

/** What the transport hands back: Plum's answer, and the credential's token type for describing failures. */
export interface PlumResponse {
	body: unknown;
	tokenType: PlumTokenType;
}

/**
 * The single place where requests to Plum are sent. Every call of a declared `operation` waits its
 * turn in the process-wide pacer (./pacer.ts) so that it stays under Plum's per-minute limit for
 * the account. Its retry rules:
 * - a rate-limit answer (429 with `penaltySeconds`) is waited out, up to 3 times and 120 s each;
 * - a lost connection, a timeout or a 5xx is sent again only when the request is `retryable` (reads);
 * - everything else fails at once with a `PlumApiError` that says what happened.
 * Access tokens and their refresh are the credential's (`authenticate`, `preAuthentication`).
 */
export async function plumRequest(this: PlumContext, request: PlumRequest): Promise<PlumResponse> {
	const credentials = await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE, request.itemIndex);
	const tokenType: PlumTokenType = credentials.tokenType === 'company' ? 'company' : 'user';
	if (request.tokenType !== undefined && request.tokenType !== tokenType) {
		throw wrongTokenType(this, request.tokenType, tokenType, request.itemIndex);
	}
	if (wasRotatedAway(credentials.refreshToken)) warnRotationNotStored(this);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${plumBaseUrl(credentials)}${request.path}`,
		headers: tokenHeaders(request.tokenIssuedAfter, request.fastFail),
		json: true,
		timeout: request.fastFail ? FAST_FAIL_TIMEOUT_MS : REQUEST_TIMEOUT_MS,
		// The transport reads every status itself: n8n would send any 401 through the credential's
		// refresh, also Plum's 401s that are not about the token (PLE10019, PIPE10017).
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
	};
	if (request.body !== undefined) options.body = request.body;
	const account = accountKeyOf(credentials);
	const operation = request.operation ?? '';

	let rateLimitWaits = 0;
	let readRetries = 0;
	let tokenRenewed = false;
	let refusalChecked = false;
	for (;;) {
		let failure: PlumFailure;
		const answered = await paceCall(account, operation, { wait: !request.fastFail });
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, options)) as FullResponse;
			if (response.statusCode < 400) return { body: response.body, tokenType };
			failure = failureFromBody(response.statusCode, response.body, `Plum answered HTTP ${response.statusCode}`);
		} catch (error) {
			failure = readFailure(error);
		} finally {
			answered();
		}
		// Plum's penalty holds every call of the operation, also the ones queued beside this one.
		if (failure.penaltySeconds !== undefined) penalize(account, operation, Math.min(failure.penaltySeconds, MAX_PENALTY_WAIT_SECONDS));
		// A refused refresh may mean another n8n process (a queue-mode worker) rotated the token just
		// before: n8n's stored credential then holds the new pair, and the request goes out with it.
		if (!refusalChecked && failure.rawMessage.includes(REFRESH_REFUSED)) {
			refusalChecked = true;
			// The other process stores its new pair only after Plum has answered it: look again for a while.
			let stored = await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE, request.itemIndex);
			for (const waitMs of ROTATED_PAIR_LOOKS_MS) {
				if (stored.refreshToken !== credentials.refreshToken || wasRotatedAway(stored.refreshToken)) break;
				await sleep(waitMs);
				stored = await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE, request.itemIndex);
			}
			if (stored.refreshToken !== credentials.refreshToken) {
				options.headers = tokenHeaders(request.tokenIssuedAfter);
				continue;
			}
			if (wasRotatedAway(stored.refreshToken)) {
				throw new NodeOperationError(this.getNode(), 'Plum refused the stored refresh token: it was already rotated, but n8n kept the old one', {
					description: ROTATION_NOT_STORED,
					itemIndex: request.itemIndex,
				});
			}
		}
		// Only a 401 about the access token renews it, once: the credential refreshes when asked for
		// a token issued from now on. (A refused request was not processed, so resending is safe.)
		if (failure.kind === 'token' && !tokenRenewed && !request.fastFail) {
			tokenRenewed = true;
			options.headers = tokenHeaders(Date.now());
			continue;
		}
		if (!request.fastFail) {
			const penalty = failure.penaltySeconds;
			if (penalty !== undefined && penalty <= MAX_PENALTY_WAIT_SECONDS && rateLimitWaits < MAX_RATE_LIMIT_WAITS) {
				rateLimitWaits++;
				await sleep(Math.max(penalty, 1) * 1000);
				continue;
			}
			if (request.retryable && isTransient(failure) && readRetries < MAX_READ_RETRIES) {
				readRetries++;
				await sleep(READ_RETRY_DELAY_MS * readRetries);
				continue;
			}
		}
		throw PlumApiError.of(this.getNode(), failure, tokenType, request.itemIndex);
	}
}

/** The key of the credential's Plum account (no secret in it), for what the process keeps per account. */
export async function accountKey(context: PlumContext, itemIndex?: number): Promise<string> {
	return accountKeyOf(await context.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE, itemIndex));
}

interface FullResponse {
	statusCode: number;
	body: unknown;
}

function tokenHeaders(tokenIssuedAfter: number | undefined, noRefresh = false): IDataObject {
	const headers: IDataObject = { Accept: 'application/json' };
	if (tokenIssuedAfter !== undefined) headers[TOKEN_ISSUED_AFTER_HEADER] = String(tokenIssuedAfter);
	if (noRefresh) headers[NO_REFRESH_HEADER] = '1';
	return headers;
}

const warnedExecutions = new Set<string>();

/** The credential works now but dies at its next refresh: say so on the node's output, once per execution. */
function warnRotationNotStored(context: PlumContext) {
	if (!('addExecutionHints' in context)) return;
	const execution = context.getExecutionId();
	if (warnedExecutions.has(execution)) return;
	if (warnedExecutions.size > 1000) warnedExecutions.clear();
	warnedExecutions.add(execution);
	context.addExecutionHints({ type: 'warning', location: 'outputPane', message: `This Plum credential will stop working at its next token refresh. ${ROTATION_NOT_STORED}` });
}

function isTransient(failure: PlumFailure): boolean {
	return failure.connectionLost || failure.timedOut || (failure.status ?? 0) >= 500;
}

/**
 * Checks, without sending anything, that the credential can make a call of this token type (what
 * `plumRequest` checks first): for validate-only runs.
 */
export async function checkTokenType(this: PlumContext, needed: PlumTokenType, itemIndex?: number): Promise<void> {
	const credentials = await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE, itemIndex);
	const actual: PlumTokenType = credentials.tokenType === 'company' ? 'company' : 'user';
	if (needed !== actual) throw wrongTokenType(this, needed, actual, itemIndex);
}

function wrongTokenType(context: PlumContext, needed: PlumTokenType, actual: PlumTokenType, itemIndex?: number) {
	const where =
		needed === 'company'
			? 'Reward Points need a company token, generated in the Plum dashboard under Settings → API → Storefront Integration'
			: 'Gift cards, balance, orders and Reward Links need a user token, generated in the Plum dashboard under Settings → API → Reward API';
	return new NodeOperationError(
		context.getNode(),
		`This operation needs a Plum credential with Token Type "${needed}", but the selected credential has "${actual}"`,
		{
			description: `${where}. Create a second Plum credential with that token type and select it here.`,
			itemIndex,
		},
	);
}
