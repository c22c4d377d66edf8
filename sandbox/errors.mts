/**
 * Error bodies the sandbox answers with. Shapes follow plum-api.md §7: OAuth errors are
 * `{error, error_description}`, API errors `{code, errorId, errorInfo, error}` with `code` equal to
 * the HTTP status, and 5xx bodies without an `errorId`.
 */
import { STATUS_CODES } from 'node:http';

export class SandboxHttpError extends Error {
	constructor(
		readonly httpStatus: number,
		readonly body: unknown,
	) {
		super(typeof body === 'object' && body !== null ? JSON.stringify(body) : String(body));
	}
}

export interface PlumErrorSpec {
	status: number;
	errorInfo: string;
}

/**
 * The PLE ids the sandbox raises, with the HTTP status from the HP/SRV error table (plum-api.md §7).
 * Where the PlaceOrder page (PO) disagrees (10018 404, 10012 422, 10020 502, 10015 403) the HP table wins:
 * it is the newer source and the one the rest of the table comes from.
 */
export const PLE = {
	PLE10001: { status: 400, errorInfo: 'Validation error in place order' },
	PLE10002: { status: 400, errorInfo: 'Validation error in order details/history' },
	PLE10003: { status: 400, errorInfo: 'Validation error in get filters' },
	PLE10004: { status: 422, errorInfo: 'Validation error for poNumber (externalOrderId)' },
	PLE10016: { status: 404, errorInfo: 'Order not found' },
	PLE10017: { status: 404, errorInfo: 'Product details not found' },
	PLE10018: { status: 400, errorInfo: 'Invalid denomination for the product' },
	PLE10022: { status: 404, errorInfo: 'Order history not found' },
	PLE10023: { status: 502, errorInfo: 'Insufficient balance' },
	PLE10027: { status: 404, errorInfo: 'Payment history not found' },
	PLE10029: { status: 404, errorInfo: 'Invalid filterGroupCode' },
	PLE10030: { status: 404, errorInfo: 'Failed to find vouchers.' },
	PLE10032: { status: 400, errorInfo: 'Validation error in order history' },
	PLE10033: { status: 400, errorInfo: 'Validation error in get vouchers' },
	PLE10041: { status: 409, errorInfo: 'Clients are not allowed to place more than 10 Qty' },
} satisfies Record<string, PlumErrorSpec>;

export type PleId = keyof typeof PLE;

export function plumError(id: PleId, error: string, errorInfo?: string): SandboxHttpError {
	const spec: PlumErrorSpec = PLE[id];
	return new SandboxHttpError(spec.status, {
		code: spec.status,
		errorId: id,
		errorInfo: errorInfo ?? spec.errorInfo,
		error,
	});
}

/** A Plum-shaped error that has no documented PLE id (unknown query, Points validation, ...). */
export function plainApiError(status: number, errorInfo: string, error: string): SandboxHttpError {
	return new SandboxHttpError(status, { code: status, errorInfo, error });
}

/** A 5xx body as Plum sends it: no errorId (plum-api.md §7). */
export function serverErrorBody(status: number): { code: number; error: string } {
	return { code: status, error: STATUS_CODES[status] ?? 'Error' };
}

export function oauthError(status: number, error: string, description: string): SandboxHttpError {
	return new SandboxHttpError(status, { error, error_description: description });
}

export const invalidTokenError = (description = 'invalid/expired token'): SandboxHttpError =>
	oauthError(401, 'invalid_token', description);

export const missingAuthHeaderError = (): SandboxHttpError =>
	oauthError(401, 'invalid_request', 'missing/invalid parameters authorization header');

/** The refresh limit body (plum-api.md §2.7). */
export const refreshLimitError = (): SandboxHttpError =>
	new SandboxHttpError(429, { message: 'auth.request_limit_exceeded' });

/** Turns whatever a handler threw into the HTTP answer; anything unexpected becomes a bare 500. */
export function errorToOutcome(error: unknown): { status: number; body: unknown } {
	if (error instanceof SandboxHttpError) return { status: error.httpStatus, body: error.body };
	return { status: 500, body: serverErrorBody(500) };
}
