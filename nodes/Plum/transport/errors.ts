import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { PlumTokenType } from '../../../credentials/plumToken';
import { plumBodyObject, rateLimitPenalty } from '../../../credentials/plumWire';

/**
 * What a Plum failure means for the caller:
 * - `noRecords`: a list is empty (Plum answers an empty list with an error);
 * - `notFound`: the record asked for does not exist;
 * - `outcomeUnknown`: the request may or may not have been carried out (a lost answer, a timeout,
 *   a 5xx without an error id, or an error Plum documents as "check before retrying");
 * - `duplicatePoNumber`: an order already holds this poNumber;
 * - `token`: the access token was refused;
 * - `rateLimit`: too many calls; `penaltySeconds` says how long to wait;
 * - `unknownProduct`: Plum does not know the product or the denomination (any more) and placed
 *   nothing; the catalogue the node validated against is out of date;
 * - `rejected`: Plum refused the request and did nothing; the hint says what to change.
 */
export type PlumFailureKind = 'noRecords' | 'notFound' | 'outcomeUnknown' | 'duplicatePoNumber' | 'token' | 'rateLimit' | 'unknownProduct' | 'rejected';

interface PlumErrorEntry {
	kind: PlumFailureKind;
	/** What the user can do about it */
	hint: string;
}

const ORDER_MAY_EXIST =
	'The order may or may not have been placed: Order → Create looks the poNumber up for up to 2 minutes before it orders again, and orders a poNumber at most once. To check yourself, use Order → Get (Look Up By: PO Number). Running the node again with the same poNumber is safe.';
const NO_ORDERS = 'No orders in this date range.';
const CURRENCY = 'Plum could not convert the currency. Try again later or contact Plum support.';

/** Every Plum error id the node knows (docs/plum-api.md §7): its class and its hint. */
export const PLUM_ERRORS: Readonly<Record<string, PlumErrorEntry>> = {
	PLE10001: { kind: 'rejected', hint: 'Check the order fields (product, denomination, quantity, poNumber, email and phone).' },
	PLE10002: { kind: 'rejected', hint: 'Check the order ID or poNumber and the dates (YYYY-MM-DD).' },
	PLE10003: { kind: 'rejected', hint: 'Check the filter group code: country, price, voucher_category, product_category or currency.' },
	PLE10004: { kind: 'duplicatePoNumber', hint: 'The poNumber is invalid or already used by a successful order. Use a unique poNumber of at most 100 characters.' },
	PLE10005: { kind: 'rejected', hint: CURRENCY },
	PLE10006: { kind: 'rejected', hint: CURRENCY },
	PLE10007: { kind: 'outcomeUnknown', hint: ORDER_MAY_EXIST },
	PLE10008: { kind: 'outcomeUnknown', hint: ORDER_MAY_EXIST },
	PLE10010: { kind: 'outcomeUnknown', hint: ORDER_MAY_EXIST },
	PLE10011: { kind: 'outcomeUnknown', hint: ORDER_MAY_EXIST },
	PLE10012: { kind: 'outcomeUnknown', hint: `Plum failed to process the order. ${ORDER_MAY_EXIST}` },
	PLE10013: { kind: 'outcomeUnknown', hint: `Plum is temporarily unavailable. ${ORDER_MAY_EXIST}` },
	PLE10014: { kind: 'rejected', hint: 'The client ID is invalid: copy it again from Settings → API in the Plum dashboard.' },
	PLE10015: { kind: 'rejected', hint: 'This product needs Amazon KYC on your Plum account. Complete KYC in the Plum dashboard or choose another product.' },
	PLE10016: { kind: 'notFound', hint: 'No order has this order ID or poNumber. Check the value, or place the order.' },
	PLE10017: { kind: 'unknownProduct', hint: 'Plum has no details for this product. Refresh the catalogue (Gift Card Product → Get Many) and pick the product again.' },
	PLE10018: { kind: 'unknownProduct', hint: 'This denomination is not offered for the product. Pick one of the product\'s denominations (Gift Card Product → Get).' },
	PLE10019: { kind: 'rejected', hint: 'International orders are disabled for your account. Ask Plum support to enable them.' },
	PLE10020: { kind: 'rejected', hint: 'Plum has no currency details for your account. Contact Plum support.' },
	PLE10022: { kind: 'noRecords', hint: NO_ORDERS },
	PLE10023: { kind: 'rejected', hint: 'Your Plum balance is too low. Add funds in the Plum dashboard (Balance → Add Funds).' },
	PLE10024: { kind: 'rejected', hint: 'The product is out of stock. Choose another product or try later.' },
	PLE10025: { kind: 'outcomeUnknown', hint: ORDER_MAY_EXIST },
	PLE10027: { kind: 'noRecords', hint: NO_ORDERS },
	PLE10029: { kind: 'rejected', hint: 'Unknown filter group code. Use country, price, voucher_category, product_category or currency.' },
	PLE10030: { kind: 'noRecords', hint: 'No vouchers match these filters. Loosen the filters.' },
	PLE10031: { kind: 'rejected', hint: 'A filter value is not valid. Take values from Gift Card Product → Get Filters (filterValueCode).' },
	PLE10032: { kind: 'rejected', hint: 'Check the start and end dates (YYYY-MM-DD, end not before start).' },
	PLE10033: { kind: 'rejected', hint: 'Check the catalogue filters and paging.' },
	PLE10035: { kind: 'outcomeUnknown', hint: `Plum could not confirm the order. ${ORDER_MAY_EXIST}` },
	PLE10036: { kind: 'rejected', hint: 'The delivery of this order was canceled.' },
	PLE10041: { kind: 'rejected', hint: 'The quantity is above the product\'s limit (10 unless the product says more). Split the order.' },
	PLE10042: { kind: 'rejected', hint: 'The product is not activated for your account. Submit KYB in the Plum dashboard.' },
	PIPE10013: { kind: 'token', hint: 'The authorization header was refused. Check the credential.' },
	PIPE10015: { kind: 'rejected', hint: 'The Plum user behind these tokens is disabled. Generate tokens as an active super admin.' },
	PIPE10016: { kind: 'rejected', hint: 'The Plum company account is disabled. Contact Plum support.' },
	PIPE10017: { kind: 'rejected', hint: 'Your IP address is not whitelisted in Plum. Add n8n\'s outgoing IP in the Plum dashboard (Settings → API).' },
};

/** What went wrong with one exchange with Plum, read from whatever n8n's request helper threw or Plum answered. */
export interface PlumFailure {
	kind: PlumFailureKind;
	status?: number;
	body?: unknown;
	errorId?: string;
	/** Plum's own words: errorInfo, error, error_description or message */
	plumText?: string;
	/** Seconds Plum asks us to back off (429 auth.request_limit_exceeded) */
	penaltySeconds?: number;
	/** The connection closed before a response arrived: the request may or may not have been processed */
	connectionLost: boolean;
	timedOut: boolean;
	rawMessage: string;
}

type FailureFacts = Omit<PlumFailure, 'kind'>;

/** Plum refuses a poNumber already used by an order that was not canceled; the error id is undocumented (PLE10004 likely). */
const DUPLICATE_PO_TEXT = /already (exists|used|placed)|duplicate/i;

function classify(facts: FailureFacts): PlumFailureKind {
	if (facts.penaltySeconds !== undefined) return 'rateLimit';
	if (facts.connectionLost || facts.timedOut) return 'outcomeUnknown';
	if (facts.errorId !== undefined) return PLUM_ERRORS[facts.errorId]?.kind ?? (facts.status === 401 ? 'token' : 'rejected');
	if (DUPLICATE_PO_TEXT.test(facts.plumText ?? '')) return 'duplicatePoNumber';
	if ((facts.status ?? 0) >= 500) return 'outcomeUnknown';
	if (facts.status === 401) return 'token';
	if (facts.status === 404) return 'notFound';
	return 'rejected';
}

const CONNECTION_LOST_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'ERR_SOCKET_CLOSED']);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ERR_CANCELED']);

function firstString(...values: unknown[]): string | undefined {
	for (const value of values) {
		if (typeof value === 'string' && value.trim() !== '') return value;
		if (value && typeof value === 'object' && typeof (value as IDataObject).message === 'string') {
			return (value as IDataObject).message as string;
		}
	}
	return undefined;
}

/** A failure from Plum's error body (or an HTTP-200 answer marked failed), with its class. */
export function failureFromBody(status: number | undefined, body: unknown, rawMessage = ''): PlumFailure {
	const data = plumBodyObject(body);
	const errors = Array.isArray(data?.errors) ? (data.errors as IDataObject[]) : [];
	const facts: FailureFacts = {
		status,
		body: data ?? body,
		errorId: typeof data?.errorId === 'string' ? data.errorId : undefined,
		plumText: firstString(data?.errorInfo, data?.error_description, data?.error, data?.message, errors[0]),
		penaltySeconds: rateLimitPenalty(status, data),
		connectionLost: false,
		timedOut: false,
		rawMessage,
	};
	return { ...facts, kind: classify(facts) };
}

/** Reads what n8n's request helper threw: an HTTP error with Plum's body, or a network failure. */
export function readFailure(error: unknown): PlumFailure {
	const outer = (error ?? {}) as IDataObject & { cause?: unknown };
	const cause = (outer.cause ?? {}) as IDataObject;
	const response = (cause.response ?? outer.response ?? {}) as IDataObject;
	const context = (outer.context ?? {}) as IDataObject;
	const statusValue = response.status ?? response.statusCode ?? outer.httpCode;
	const number = statusValue === undefined || statusValue === null ? NaN : Number(statusValue);
	const status = Number.isFinite(number) && number > 0 ? number : undefined;
	// n8n 1.x drops `cause`: a network failure's code is then only in `httpCode`, and the message is n8n's own text.
	const networkCode = typeof outer.httpCode === 'string' && !/^\d+$/.test(outer.httpCode) ? outer.httpCode : '';
	const code = String(cause.code ?? outer.code ?? networkCode);
	const rawMessage = String(cause.message ?? outer.message ?? '');
	const failure = failureFromBody(status, response.data ?? response.body ?? context.data, rawMessage);
	if (status !== undefined) return failure;
	const facts: FailureFacts = {
		...failure,
		connectionLost: CONNECTION_LOST_CODES.has(code) || /socket hang up|ECONNRESET|aborted/i.test(rawMessage),
		timedOut: TIMEOUT_CODES.has(code) || /timeout/i.test(rawMessage),
	};
	return { ...facts, kind: classify(facts) };
}

/** A message and description a person can act on, quoting Plum. */
export function describePlumFailure(
	failure: PlumFailure,
	tokenType: PlumTokenType,
): { message: string; description: string } {
	const quoted = failure.plumText ? `Plum says: "${failure.plumText}".` : '';
	const hint = failure.errorId ? PLUM_ERRORS[failure.errorId]?.hint : undefined;
	if (failure.timedOut) {
		return {
			message: 'Plum did not answer in time',
			description: `The request timed out (${failure.rawMessage}). Plum may be slow; retry later.`,
		};
	}
	if (failure.connectionLost) {
		return {
			message: 'The connection to Plum was lost before it answered',
			description: `${failure.rawMessage}. Check the base URL in the credential and the network, then retry.`,
		};
	}
	if (failure.kind === 'rateLimit') {
		return {
			message: `Plum's rate limit was reached; retry in ${failure.penaltySeconds} seconds`,
			description: `Plum limits each operation per minute (getBalance to 10, getVouchers to 50). Space the calls out or add a Wait node. ${quoted}`.trim(),
		};
	}
	if (failure.status === 401 && hint === undefined) {
		const other = tokenType === 'user' ? 'company' : 'user';
		return {
			message: 'Plum rejected the access token even after refreshing it',
			description: `${quoted} The token may be of the wrong type for this operation (the credential says "${tokenType}"; try "${other}"), the Plum user may be disabled, or n8n's IP may not be whitelisted in Plum. If it persists, generate new tokens in the Plum dashboard (Settings → API).`.trim(),
		};
	}
	if (failure.status === undefined) {
		// No HTTP answer and no network failure: typically the credential's own refresh, which says why.
		return { message: failure.rawMessage || 'The request to Plum failed', description: 'Check the Plum credential (base URL and tokens).' };
	}
	const label = failure.errorId ? `Plum error ${failure.errorId}` : `Plum answered HTTP ${failure.status}`;
	return {
		message: `${label}: ${failure.plumText ?? (failure.rawMessage || 'no details')}`,
		description: [hint, quoted].filter(Boolean).join(' ') || 'Plum sent no further details.',
	};
}

/**
 * A failed Plum call. It carries what went wrong (`plumFailure`) to every caller that decides on it
 * (a list that is empty, an order that may exist), so none of them reads the raw error again.
 */
export class PlumApiError extends NodeApiError {
	declare readonly plumFailure: PlumFailure;

	constructor(node: INode, failure: PlumFailure, text: { message: string; description: string }, itemIndex?: number) {
		// Built from Plum's body, never from an error: NodeApiError hands an existing NodeApiError back unchanged.
		const errorResponse = (
			failure.body && typeof failure.body === 'object' ? failure.body : { message: failure.rawMessage }
		) as JsonObject;
		super(node, errorResponse, {
			message: text.message,
			description: text.description,
			httpCode: failure.status === undefined ? undefined : String(failure.status),
			itemIndex,
		});
		// Not enumerable: the body of an order answer can hold voucher codes, and n8n stores errors.
		Object.defineProperty(this, 'plumFailure', { value: failure, enumerable: false });
	}

	/** The error for a failure, described for a person. */
	static of(node: INode, failure: PlumFailure, tokenType: PlumTokenType, itemIndex?: number): PlumApiError {
		return new PlumApiError(node, failure, describePlumFailure(failure, tokenType), itemIndex);
	}
}

/** The failure behind an error, if it is a failed Plum call. */
export function plumFailureOf(error: unknown): PlumFailure | undefined {
	return error instanceof PlumApiError ? error.plumFailure : undefined;
}

/** A call's outcome as a value: its result, or its error with the Plum failure behind it (if it was one). */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: NodeApiError | NodeOperationError; failure?: PlumFailure };

/**
 * Waits for a call and hands its failure back instead of throwing it, for the callers that decide
 * on what went wrong (an empty list, an order that may exist). They throw `error` as it is when
 * they do not handle it.
 */
export async function settle<T>(context: { getNode(): INode }, work: Promise<T>): Promise<Settled<T>> {
	try {
		return { ok: true, value: await work };
	} catch (caught) {
		const error = caught instanceof NodeApiError || caught instanceof NodeOperationError ? caught : new NodeOperationError(context.getNode(), caught as Error);
		return { ok: false, error, failure: plumFailureOf(caught) };
	}
}
