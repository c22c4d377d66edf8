import { describe, expect, it } from 'vitest';

import { describePlumFailure, readFailure } from '../../../../../nodes/Plum/transport/errors';

function httpError(status: number, data: unknown) {
	return Object.assign(new Error(`Request failed with status code ${status}`), {
		cause: Object.assign(new Error('axios'), { response: { status, data } }),
	});
}

describe('readFailure', () => {
	it('reads a Plum error body with its errorId', () => {
		const failure = readFailure(
			httpError(404, { code: 404, errorId: 'PLE10030', errorInfo: 'Failed to find vouchers.', error: 'No Vouchers Found' }),
		);
		expect(failure).toMatchObject({ status: 404, errorId: 'PLE10030', plumText: 'Failed to find vouchers.' });
		const { message, description } = describePlumFailure(failure, 'user');
		expect(message).toBe('Plum error PLE10030: Failed to find vouchers.');
		expect(description).toMatch(/Loosen the filters/);
	});

	it('reads the rate-limit penalty', () => {
		expect(
			readFailure(httpError(429, { errors: [{ message: 'auth.request_limit_exceeded', penaltySeconds: 17 }] })),
		).toMatchObject({ status: 429, penaltySeconds: 17 });
		expect(readFailure(httpError(429, { message: 'auth.request_limit_exceeded' }))).toMatchObject({ penaltySeconds: 60 });
	});

	it('tells a lost connection and a timeout apart from an HTTP error', () => {
		const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		expect(readFailure(reset)).toMatchObject({ connectionLost: true, timedOut: false, status: undefined });
		const timeout = Object.assign(new Error('timeout of 130000ms exceeded'), { code: 'ECONNABORTED' });
		expect(readFailure(timeout)).toMatchObject({ timedOut: true });
		expect(readFailure(httpError(502, { code: 502, error: 'Bad Gateway' }))).toMatchObject({ connectionLost: false, status: 502 });
	});
});
