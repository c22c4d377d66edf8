import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import {
	describePlumFailure,
	failureFromBody,
	PLUM_ERRORS,
	PlumApiError,
	plumFailureOf,
	readFailure,
	settle,
} from '../../../../../nodes/Plum/transport/errors';

const node = { id: '1', name: 'Plum', type: 'n8n-nodes-xoxoday-plum.plum', typeVersion: 1, position: [0, 0], parameters: {} } as INode;

function httpError(status: number, data: unknown) {
	return Object.assign(new Error(`Request failed with status code ${status}`), {
		cause: Object.assign(new Error('axios'), { response: { status, data } }),
	});
}

describe('readFailure', () => {
	it('reads a Plum error body with its errorId and class', () => {
		const failure = readFailure(
			httpError(404, { code: 404, errorId: 'PLE10030', errorInfo: 'Failed to find vouchers.', error: 'No Vouchers Found' }),
		);
		expect(failure).toMatchObject({ status: 404, errorId: 'PLE10030', plumText: 'Failed to find vouchers.', kind: 'noRecords' });
		const { message, description } = describePlumFailure(failure, 'user');
		expect(message).toBe('Plum error PLE10030: Failed to find vouchers.');
		expect(description).toMatch(/Loosen the filters/);
	});

	it('reads the rate-limit penalty, also from a body n8n handed over as a string', () => {
		expect(
			readFailure(httpError(429, { errors: [{ message: 'auth.request_limit_exceeded', penaltySeconds: 17 }] })),
		).toMatchObject({ status: 429, penaltySeconds: 17, kind: 'rateLimit' });
		expect(readFailure(httpError(429, { message: 'auth.request_limit_exceeded' }))).toMatchObject({ penaltySeconds: 60 });
		expect(readFailure(httpError(400, '{"errors":[{"message":"auth.request_limit_exceeded","penaltySeconds":5}]}'))).toMatchObject({ penaltySeconds: 5 });
	});

	it('tells a lost connection and a timeout apart from an HTTP error', () => {
		const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		expect(readFailure(reset)).toMatchObject({ connectionLost: true, timedOut: false, status: undefined, kind: 'outcomeUnknown' });
		const timeout = Object.assign(new Error('timeout of 130000ms exceeded'), { code: 'ECONNABORTED' });
		expect(readFailure(timeout)).toMatchObject({ timedOut: true, kind: 'outcomeUnknown' });
		expect(readFailure(httpError(502, { code: 502, error: 'Bad Gateway' }))).toMatchObject({ connectionLost: false, status: 502, kind: 'outcomeUnknown' });
	});

	it('reads a network failure the same on n8n 1.x, whose error keeps the code only in httpCode', () => {
		const friendly = (httpCode: string) =>
			Object.assign(new Error('The connection to the server was closed unexpectedly, perhaps it is offline.'), { httpCode });
		expect(readFailure(friendly('ECONNRESET'))).toMatchObject({ connectionLost: true, status: undefined, kind: 'outcomeUnknown' });
		expect(readFailure(friendly('ECONNABORTED'))).toMatchObject({ timedOut: true, kind: 'outcomeUnknown' });
		expect(readFailure(friendly('502'))).toMatchObject({ status: 502, connectionLost: false });
	});

	it('classifies by the error table first, then by status', () => {
		expect(failureFromBody(422, { errorId: 'PLE10004', error: 'x' }).kind).toBe('duplicatePoNumber');
		expect(failureFromBody(502, { errorId: 'PLE10024', error: 'Out of stock' }).kind).toBe('rejected');
		expect(failureFromBody(502, { errorId: 'PLE10035', error: 'x' }).kind).toBe('outcomeUnknown');
		expect(failureFromBody(404, { errorId: 'PLE10016', error: 'x' }).kind).toBe('notFound');
		expect(failureFromBody(401, { error: 'Unauthorized' }).kind).toBe('token');
		expect(failureFromBody(200, { status: 0, message: 'poNumber already exists' }).kind).toBe('duplicatePoNumber');
		expect(failureFromBody(404, {}).kind).toBe('notFound');
	});

	it('gives every known error id a hint and a class', () => {
		for (const [id, entry] of Object.entries(PLUM_ERRORS)) {
			expect(entry.hint, id).not.toBe('');
			expect(['noRecords', 'notFound', 'outcomeUnknown', 'duplicatePoNumber', 'token', 'rateLimit', 'unknownProduct', 'rejected']).toContain(entry.kind);
		}
	});
});

describe('PlumApiError', () => {
	it('is a NodeApiError that carries its failure, out of what n8n serialises', () => {
		const failure = failureFromBody(404, { errorId: 'PLE10016', error: 'No order', voucherCode: 'SECRET' });
		const error = PlumApiError.of(node, failure, 'user', 3);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(plumFailureOf(error)).toBe(failure);
		expect(error.message).toBe('Plum error PLE10016: No order');
		expect(Object.keys(error)).not.toContain('plumFailure');
		// n8n hands an existing NodeApiError back unchanged when it is wrapped again.
		expect(new NodeApiError(node, error as never)).toBe(error);
	});

	it('settle hands the failure back as a value and wraps what is not an n8n error', async () => {
		const failure = failureFromBody(404, { errorId: 'PLE10016' });
		const failed = await settle({ getNode: () => node }, Promise.reject(PlumApiError.of(node, failure, 'user')));
		expect(failed).toMatchObject({ ok: false, failure });
		const plain = await settle({ getNode: () => node }, Promise.reject(new Error('boom')));
		expect(plain.ok).toBe(false);
		expect(!plain.ok && plain.error).toBeInstanceOf(NodeOperationError);
		expect(await settle({ getNode: () => node }, Promise.resolve(5))).toEqual({ ok: true, value: 5 });
	});
});
