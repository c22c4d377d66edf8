import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { PlumTokenType } from '../../../credentials/plumToken';

/** What went wrong with one HTTP exchange, read from whatever n8n's request helper threw. */
export interface RequestFailure {
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

const CONNECTION_LOST_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'ERR_SOCKET_CLOSED']);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ERR_CANCELED']);

/** Hints per Plum error id (plum-api.md §7): what the user can do about it. */
const PLE_HINTS: Record<string, string> = {
	PLE10001: 'Check the order fields (product, denomination, quantity, poNumber, email and phone).',
	PLE10002: 'Check the order ID or poNumber and the dates (YYYY-MM-DD).',
	PLE10003: 'Check the filter group code: country, price, voucher_category, product_category or currency.',
	PLE10004: 'The poNumber is invalid or already used by a successful order. Use a unique poNumber of at most 100 characters.',
	PLE10005: 'Plum could not convert the currency. Try again later or contact Plum support.',
	PLE10006: 'Plum could not convert the currency. Try again later or contact Plum support.',
	PLE10007: 'Plum could not place the order. Retry later; the node looks the poNumber up first, so a retry never orders twice.',
	PLE10010: 'Plum could not place the order. Retry later; the node looks the poNumber up first, so a retry never orders twice.',
	PLE10011: 'Plum could not place the order. Retry later; the node looks the poNumber up first, so a retry never orders twice.',
	PLE10012: 'Plum failed to process the order. Look the poNumber up with Order → Get before retrying.',
	PLE10013: 'Plum is temporarily unavailable. Retry later.',
	PLE10014: 'The client ID is invalid: copy it again from Settings → API in the Plum dashboard.',
	PLE10015: 'This product needs Amazon KYC on your Plum account. Complete KYC in the Plum dashboard or choose another product.',
	PLE10016: 'No order has this order ID or poNumber. Check the value, or place the order.',
	PLE10017: 'Plum has no details for this product. Refresh the catalogue (Voucher → Get Many) and pick the product again.',
	PLE10018: 'This denomination is not offered for the product. Pick one of the product\'s denominations (Voucher → Get).',
	PLE10019: 'International orders are disabled for your account. Ask Plum support to enable them.',
	PLE10020: 'Plum has no currency details for your account. Contact Plum support.',
	PLE10022: 'No orders in this date range.',
	PLE10023: 'Your Plum balance is too low. Add funds in the Plum dashboard (Balance → Add Funds).',
	PLE10024: 'The product is out of stock. Choose another product or try later.',
	PLE10027: 'No orders in this date range.',
	PLE10029: 'Unknown filter group code. Use country, price, voucher_category, product_category or currency.',
	PLE10030: 'No vouchers match these filters. Loosen the filters.',
	PLE10031: 'A filter value is not valid. Take values from Voucher → Get Filters (filterValueCode).',
	PLE10032: 'Check the start and end dates (YYYY-MM-DD, end not before start).',
	PLE10033: 'Check the catalogue filters and paging.',
	PLE10035: 'Plum could not confirm the order. Look the poNumber up with Order → Get before placing it again.',
	PLE10036: 'The delivery of this order was canceled.',
	PLE10041: 'The quantity is above the product\'s limit (10 unless the product says more). Split the order.',
	PLE10042: 'The product is not activated for your account. Submit KYB in the Plum dashboard.',
	PIPE10013: 'The authorization header was refused. Check the credential.',
	PIPE10015: 'The Plum user behind these tokens is disabled. Generate tokens as an active super admin.',
	PIPE10016: 'The Plum company account is disabled. Contact Plum support.',
	PIPE10017: 'Your IP address is not whitelisted in Plum. Add n8n\'s outgoing IP in the Plum dashboard (Settings → API).',
};

const failures = new WeakMap<object, RequestFailure>();

export function rememberFailure(error: object, failure: RequestFailure) {
	failures.set(error, failure);
}

/** The HTTP failure behind an error thrown by the transport, if there was one. */
export function plumFailureOf(error: unknown): RequestFailure | undefined {
	return error && typeof error === 'object' ? failures.get(error) : undefined;
}

function asObject(value: unknown): IDataObject | undefined {
	if (value && typeof value === 'object' && !Array.isArray(value)) return value as IDataObject;
	if (typeof value === 'string') {
		try {
			const parsed = JSON.parse(value) as unknown;
			return parsed && typeof parsed === 'object' ? (parsed as IDataObject) : undefined;
		} catch {
			return undefined;
		}
	}
	return undefined;
}

function firstString(...values: unknown[]): string | undefined {
	for (const value of values) {
		if (typeof value === 'string' && value.trim() !== '') return value;
		if (value && typeof value === 'object' && typeof (value as IDataObject).message === 'string') {
			return (value as IDataObject).message as string;
		}
	}
	return undefined;
}

export function readFailure(error: unknown): RequestFailure {
	const outer = (error ?? {}) as IDataObject & { cause?: unknown };
	const cause = (outer.cause ?? {}) as IDataObject;
	const response = (cause.response ?? outer.response ?? {}) as IDataObject;
	const context = (outer.context ?? {}) as IDataObject;
	const body = response.data ?? response.body ?? context.data;
	const statusValue = response.status ?? response.statusCode ?? outer.httpCode;
	const status = statusValue === undefined || statusValue === null ? undefined : Number(statusValue);
	const code = String(cause.code ?? outer.code ?? '');
	const rawMessage = String(cause.message ?? outer.message ?? '');
	const data = asObject(body);
	const errors = Array.isArray(data?.errors) ? (data?.errors as IDataObject[]) : [];
	const limitMessage = [data?.message, ...errors.map((e) => e.message)].includes('auth.request_limit_exceeded');
	let penaltySeconds: number | undefined;
	if (status === 429 || limitMessage) {
		const penalty = Number(errors.find((e) => e.penaltySeconds !== undefined)?.penaltySeconds);
		penaltySeconds = Number.isFinite(penalty) && penalty >= 0 ? penalty : 60;
	}
	const hasStatus = status !== undefined && Number.isFinite(status) && status > 0;
	return {
		status: hasStatus ? status : undefined,
		body: data ?? body,
		errorId: typeof data?.errorId === 'string' ? data.errorId : undefined,
		plumText: firstString(data?.errorInfo, data?.error_description, data?.error, data?.message, errors[0]),
		penaltySeconds,
		connectionLost:
			!hasStatus && (CONNECTION_LOST_CODES.has(code) || /socket hang up|ECONNRESET|aborted/i.test(rawMessage)),
		timedOut: !hasStatus && (TIMEOUT_CODES.has(code) || /timeout/i.test(rawMessage)),
		rawMessage,
	};
}

/** A message and description a person can act on, quoting Plum. */
export function describePlumFailure(
	failure: RequestFailure,
	tokenType: PlumTokenType,
): { message: string; description: string } {
	const quoted = failure.plumText ? `Plum says: "${failure.plumText}".` : '';
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
	if (failure.penaltySeconds !== undefined) {
		return {
			message: `Plum's rate limit was reached; retry in ${failure.penaltySeconds} seconds`,
			description: `Plum limits each operation per minute (getBalance to 10, getVouchers to 50). Space the calls out or add a Wait node. ${quoted}`,
		};
	}
	if (failure.status === 401 && !(failure.errorId && PLE_HINTS[failure.errorId])) {
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
	const id = failure.errorId;
	const hint = id ? PLE_HINTS[id] : undefined;
	const label = id ? `Plum error ${id}` : `Plum answered HTTP ${failure.status ?? 'error'}`;
	return {
		message: `${label}: ${failure.plumText ?? failure.rawMessage ?? 'no details'}`,
		description: [hint, quoted].filter(Boolean).join(' ') || 'Plum sent no further details.',
	};
}

/** What a caller rethrows after inspecting an error: the n8n error it already is, or one wrapping it. */
export function asNodeError(context: { getNode(): INode }, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error);
}
