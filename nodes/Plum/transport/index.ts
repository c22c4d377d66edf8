import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { plumBaseUrl, TOKEN_ISSUED_AFTER_HEADER } from '../../../credentials/plumToken';
import type { PlumTokenType } from '../../../credentials/plumToken';
import { asNodeError, describePlumFailure, plumFailureOf, readFailure, rememberFailure } from './errors';
import type { RequestFailure } from './errors';

export type PlumContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

export const CREDENTIAL_TYPE = 'plumOAuth2Api';

/** Plum's realtime orders take up to 120 s to answer (plum-api.md §4.4). */
export const REQUEST_TIMEOUT_MS = 130_000;

const FAST_FAIL_TIMEOUT_MS = 15_000;
const MAX_RATE_LIMIT_WAITS = 3;
const MAX_PENALTY_WAIT_SECONDS = 120;
const MAX_READ_RETRIES = 2;
const READ_RETRY_DELAY_MS = 1_000;

export type PlumTag = 'plumProAPI' | 'storeAdmin' | 'xoxo_link';

const TOKEN_TYPE_BY_TAG: Record<PlumTag, PlumTokenType> = {
	plumProAPI: 'user',
	xoxo_link: 'user',
	storeAdmin: 'company',
};

export interface PlumRequest {
	method: IHttpRequestMethods;
	/** Path after the base URL, e.g. /v1/oauth/api */
	path: string;
	body?: IDataObject;
	/** Safe to send again after a 5xx or a lost connection (reads only). */
	retryable: boolean;
	/** Ask the credential for an access token issued at or after this epoch ms (forces a refresh). */
	tokenIssuedAfter?: number;
	/** Answer within seconds: a short timeout, no retries, no rate-limit waits (for webhook replies). */
	fastFail?: boolean;
	itemIndex?: number;
}

export interface DispatcherCall {
	/** `<namespace>.<query|mutation>.<operation>`, e.g. plumProAPI.query.getBalance */
	query: string;
	tag: PlumTag;
	/** The operation's input, sent as `variables.<variablesKey>` */
	data?: IDataObject;
	/** Most operations take `variables.data`; campaignList takes `add_data`, points take their own keys */
	variablesKey?: string;
	/** Replaces the dispatcher envelope entirely (paymentHistory's documented variants) */
	envelope?: IDataObject;
	/** Link operations also have real sub-paths of /v1/oauth/api */
	path?: string;
	/** Other keys Plum may put the result under (paymentHistory is documented as getPaymentReport too) */
	resultKeys?: string[];
	retryable: boolean;
	fastFail?: boolean;
	itemIndex?: number;
}

/** The single place where requests to Plum are built and sent. */
export async function plumRequest(
	this: PlumContext,
	request: PlumRequest,
	knownCredentials?: ICredentialDataDecryptedObject,
): Promise<unknown> {
	const credentials = knownCredentials ?? (await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE, request.itemIndex));
	const headers: IDataObject = { Accept: 'application/json' };
	if (request.tokenIssuedAfter !== undefined) {
		headers[TOKEN_ISSUED_AFTER_HEADER] = String(request.tokenIssuedAfter);
	}
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${plumBaseUrl(credentials)}${request.path}`,
		headers,
		json: true,
		timeout: request.fastFail ? FAST_FAIL_TIMEOUT_MS : REQUEST_TIMEOUT_MS,
	};
	if (request.body !== undefined) options.body = request.body;

	let rateLimitWaits = 0;
	let readRetries = 0;
	for (;;) {
		try {
			return await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, options);
		} catch (error) {
			const failure = readFailure(error);
			if (request.fastFail) throw toPlumError(this, failure, credentials.tokenType as PlumTokenType, request.itemIndex);
			if (failure.penaltySeconds !== undefined && rateLimitWaits < MAX_RATE_LIMIT_WAITS) {
				if (failure.penaltySeconds <= MAX_PENALTY_WAIT_SECONDS) {
					rateLimitWaits++;
					await sleep(Math.max(failure.penaltySeconds, 1) * 1000);
					continue;
				}
			}
			if (request.retryable && isTransient(failure) && readRetries < MAX_READ_RETRIES) {
				readRetries++;
				await sleep(READ_RETRY_DELAY_MS * readRetries);
				continue;
			}
			throw toPlumError(this, failure, credentials.tokenType as PlumTokenType, request.itemIndex);
		}
	}
}

/** Sends an operation through Plum's dispatcher and returns the operation's container object. */
export async function plumDispatch(this: PlumContext, call: DispatcherCall): Promise<IDataObject> {
	const credentials = await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE, call.itemIndex);
	assertTokenType(this, credentials, call.tag, call.itemIndex);
	const operationName = call.query.split('.').pop() as string;
	const body: IDataObject = call.envelope ?? {
		query: call.query,
		tag: call.tag,
		variables: { [call.variablesKey ?? 'data']: call.data ?? {} },
	};
	const response = (await plumRequest.call(this, {
		method: 'POST',
		path: call.path ?? '/v1/oauth/api',
		body,
		retryable: call.retryable,
		fastFail: call.fastFail,
		itemIndex: call.itemIndex,
	}, credentials)) as IDataObject | undefined;
	return unwrapDispatcherResponse(this, response, operationName, call.itemIndex, call.resultKeys);
}

/**
 * A dispatcher call whose result is a list of records (`data: [...]`). Plum answers an empty list
 * with a 404 error (PLE10030 "No Vouchers Found", PLE10022 "no order history", ...): those ids,
 * and a 404 without an id, come back as an empty list.
 */
export async function plumDispatchList(
	this: PlumContext,
	call: DispatcherCall & { noRecordsErrorIds?: string[] },
): Promise<IDataObject[]> {
	try {
		const result = await plumDispatch.call(this, call);
		return Array.isArray(result.data) ? (result.data as IDataObject[]) : [];
	} catch (error) {
		const failure = plumFailureOf(error);
		const noRecords =
			(failure?.errorId !== undefined && (call.noRecordsErrorIds ?? []).includes(failure.errorId)) ||
			(failure?.status === 404 && failure.errorId === undefined);
		if (noRecords) return [];
		throw asNodeError(this, error);
	}
}

/** Finds the operation's container in `{data: {<op>: {...}}}` and rejects Plum's HTTP-200 failures. */
export function unwrapDispatcherResponse(
	context: PlumContext,
	response: IDataObject | undefined,
	operationName: string,
	itemIndex?: number,
	alternativeNames: string[] = [],
): IDataObject {
	const data = (response?.data ?? {}) as IDataObject;
	const name = [operationName, ...alternativeNames].find((key) => data[key] !== undefined);
	const container = name === undefined ? undefined : (data[name] as IDataObject | null);
	if (!container || typeof container !== 'object') {
		// Only the keys: the body of an order answer can hold voucher codes and PINs.
		throw new NodeApiError(context.getNode(), {} as JsonObject, {
			message: `Plum's answer to ${operationName} has no "${operationName}" result`,
			description: `Plum answered with the keys ${JSON.stringify(Object.keys(data))}. Check that the credential's base URL points at the Plum API.`,
			itemIndex,
		});
	}
	// status:0 (gift cards) or success:0/false and error:true (points, links) mean failure on HTTP 200.
	const failed =
		container.status === 0 ||
		container.status === '0' ||
		container.success === 0 ||
		container.success === false ||
		container.error === true;
	if (failed) {
		const text = [container.message, container.errorInfo, container.error, container.errors]
			.filter((part) => part !== undefined && part !== null && part !== true && part !== '')
			.map((part) => (typeof part === 'string' ? part : JSON.stringify(part)))
			.join(' ');
		const error = new NodeApiError(context.getNode(), container as JsonObject, {
			message: `Plum could not complete ${operationName}: ${text || 'it answered with a failure status and no message'}`,
			description: 'Plum answered HTTP 200 but marked the result as failed.',
			itemIndex,
		});
		// Callers recognise Plum's error ids (a taken poNumber, an unknown order) on HTTP 200 too.
		rememberFailure(error, {
			status: 200,
			body: container,
			errorId: typeof container.errorId === 'string' ? container.errorId : undefined,
			plumText: text || undefined,
			connectionLost: false,
			timedOut: false,
			rawMessage: text,
		});
		throw error;
	}
	return container;
}

function assertTokenType(context: PlumContext, credentials: ICredentialDataDecryptedObject, tag: PlumTag, itemIndex?: number) {
	const needed = TOKEN_TYPE_BY_TAG[tag];
	const actual = credentials.tokenType === 'company' ? 'company' : 'user';
	if (needed === actual) return;
	const where =
		needed === 'company'
			? 'Reward Points need a company token, generated in the Plum dashboard under Settings → API → Storefront Integration'
			: 'Gift cards, balance, orders and Reward Links need a user token, generated in the Plum dashboard under Settings → API → Reward API';
	throw new NodeOperationError(
		context.getNode(),
		`This operation needs a Plum credential with Token Type "${needed}", but the selected credential has "${actual}"`,
		{
			description: `${where}. Create a second Plum credential with that token type and select it here.`,
			itemIndex,
		},
	);
}

function isTransient(failure: RequestFailure): boolean {
	return failure.connectionLost || failure.timedOut || (failure.status ?? 0) >= 500;
}

function toPlumError(
	context: PlumContext,
	failure: RequestFailure,
	tokenType: PlumTokenType,
	itemIndex?: number,
): NodeApiError {
	const { message, description } = describePlumFailure(failure, tokenType);
	// Built from Plum's body, not from `error`: NodeApiError hands an existing NodeApiError back unchanged.
	const errorResponse = (
		failure.body && typeof failure.body === 'object' ? failure.body : { message: failure.rawMessage }
	) as JsonObject;
	const apiError = new NodeApiError(context.getNode(), errorResponse, {
		message,
		description,
		httpCode: failure.status === undefined ? undefined : String(failure.status),
		itemIndex,
	});
	rememberFailure(apiError, failure);
	return apiError;
}
