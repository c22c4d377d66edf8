import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { PlumTokenType } from '../../../credentials/plumToken';
import { checkTokenType, plumRequest } from '../transport';
import type { PlumContext } from '../transport';
import { describePlumFailure, failureFromBody, PlumApiError, settle } from '../transport/errors';
import type { PlumFailure } from '../transport/errors';

/** Plum's API namespaces, the dispatcher tag each is sent with, and the token type it needs (docs/plum-api.md §3). */
const NAMESPACES = {
	plumProAPI: { tag: 'plumProAPI', tokenType: 'user' },
	storesAdmin: { tag: 'storeAdmin', tokenType: 'company' },
	xoxo_link: { tag: 'xoxo_link', tokenType: 'user' },
} as const satisfies Record<string, { tag: string; tokenType: PlumTokenType }>;

type Namespace = keyof typeof NAMESPACES;

/** One Plum call as it is sent: everything the wire needs, declared once. */
export interface PlumCall {
	/** `<namespace>.<query|mutation>.<operation>`, e.g. plumProAPI.query.getBalance */
	query: `${Namespace}.${'query' | 'mutation'}.${string}`;
	/** Sent as `variables.<variablesKey>` (default `data`) */
	variablesKey?: string;
	/** Path after the base URL (default /v1/oauth/api; link operations have sub-paths) */
	path?: string;
	/** Keys Plum puts the result under besides the operation's own name */
	resultKeys?: string[];
	/** Safe to send again after a lost answer or a 5xx: true for reads, never for what spends money */
	safeToResend: boolean;
	/** Error ids that mean "an empty list" for this call */
	noRecords?: string[];
	/** Error ids that mean "no such record" for this call */
	notFound?: string[];
}

export interface CallOptions {
	itemIndex?: number;
	/** Answer within seconds (webhook replies): a short timeout, no retries */
	fastFail?: boolean;
	/** Replaces the dispatcher body (paymentHistory's documented variants) */
	body?: IDataObject;
}

/** A record Plum has, or a typed "not found". */
export type Lookup<T> = { found: true; record: T } | { found: false };

function operationOf(call: PlumCall): string {
	return call.query.split('.')[2];
}

/**
 * Plum marks a failure on HTTP 200 in the result itself: `status: 0` (gift cards), `success: 0` or
 * `false` and `error: true` (points, links), also per recipient of a points transfer.
 */
export function markedFailed(record: IDataObject): boolean {
	return record.status === 0 || record.status === '0' || record.success === 0 || record.success === false || record.error === true;
}

function namespaceOf(call: PlumCall) {
	return NAMESPACES[call.query.split('.')[0] as Namespace];
}

function dispatcherBody(call: PlumCall, input: IDataObject): IDataObject {
	return { query: call.query, tag: namespaceOf(call).tag, variables: { [call.variablesKey ?? 'data']: input } };
}

/** What `callPlum` would send (path and body), after the same token-type check, without sending it. */
export async function previewCall(this: PlumContext, call: PlumCall, input: IDataObject, options: Pick<CallOptions, 'itemIndex'> = {}): Promise<IDataObject> {
	await checkTokenType.call(this, namespaceOf(call).tokenType, options.itemIndex);
	return { path: call.path ?? '/v1/oauth/api', body: dispatcherBody(call, input) };
}

/** Sends the call through Plum's dispatcher and returns the operation's result container. */
export async function callPlum(this: PlumContext, call: PlumCall, input: IDataObject, options: CallOptions = {}): Promise<IDataObject> {
	const namespace = namespaceOf(call);
	const { body, tokenType } = await plumRequest.call(this, {
		method: 'POST',
		path: call.path ?? '/v1/oauth/api',
		body: options.body ?? dispatcherBody(call, input),
		retryable: call.safeToResend,
		tokenType: namespace.tokenType,
		fastFail: options.fastFail,
		operation: operationOf(call),
		itemIndex: options.itemIndex,
	});
	return unwrap(this, call, body, tokenType, options.itemIndex);
}

/** A call whose result is a list (`data: [...]`); Plum's "no records" answers come back as an empty list. */
export async function callPlumList(this: PlumContext, call: PlumCall, input: IDataObject, options: CallOptions = {}): Promise<IDataObject[]> {
	const outcome = await settle(this, callPlum.call(this, call, input, options));
	if (outcome.ok) return Array.isArray(outcome.value.data) ? (outcome.value.data as IDataObject[]) : [];
	if (answersNothing(outcome.failure, call.noRecords)) return [];
	throw outcome.error;
}

/** A call for one record (`data: {...}`); Plum's "not found" answers come back as `{found: false}`. */
export async function lookUpPlum(this: PlumContext, call: PlumCall, input: IDataObject, options: CallOptions = {}): Promise<Lookup<IDataObject>> {
	const outcome = await settle(this, callPlum.call(this, call, input, options));
	if (outcome.ok) return { found: true, record: (outcome.value.data ?? {}) as IDataObject };
	if (answersNothing(outcome.failure, call.notFound)) return { found: false };
	throw outcome.error;
}

/** One of the call's declared error ids, or a 404 without one. */
function answersNothing(failure: PlumFailure | undefined, errorIds: string[] = []): boolean {
	if (!failure) return false;
	return failure.errorId === undefined ? failure.status === 404 : errorIds.includes(failure.errorId);
}

/** Finds the operation's container in `{data: {<op>: {...}}}` and turns Plum's HTTP-200 failures into errors. */
function unwrap(context: PlumContext, call: PlumCall, response: unknown, tokenType: PlumTokenType, itemIndex?: number): IDataObject {
	const operation = operationOf(call);
	const data = ((response as IDataObject | undefined)?.data ?? {}) as IDataObject;
	const name = [operation, ...(call.resultKeys ?? [])].find((key) => data[key] !== undefined);
	const container = name === undefined ? undefined : (data[name] as IDataObject | null);
	if (!container || typeof container !== 'object') {
		// Only the keys: the body of an order answer can hold voucher codes and PINs.
		throw new NodeApiError(context.getNode(), {} as JsonObject, {
			message: `Plum's answer to ${operation} has no "${operation}" result`,
			description: `Plum answered with the keys ${JSON.stringify(Object.keys(data))}. Check that the credential's base URL points at the Plum API.`,
			itemIndex,
		});
	}
	if (!markedFailed(container)) return container;
	const failure = failureFromBody(200, container);
	const text = [container.message, container.errorInfo, container.error, container.errors]
		.filter((part) => part !== undefined && part !== null && part !== true && part !== '')
		.map((part) => (typeof part === 'string' ? part : JSON.stringify(part)))
		.join(' ');
	const hint = failure.errorId ? describePlumFailure(failure, tokenType).description : '';
	throw new PlumApiError(
		context.getNode(),
		failure,
		{
			message: `Plum could not complete ${operation}: ${text || 'it answered with a failure status and no message'}`,
			description: `Plum answered HTTP 200 but marked the result as failed. ${hint}`.trim(),
		},
		itemIndex,
	);
}
