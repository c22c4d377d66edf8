/**
 * What the list operations (getVouchers, getOrderHistory, paymentHistory) read besides their filters:
 * the page, and the span of days. Each operation answers a bad value with its own error id, so `fail`
 * builds the error.
 */
import { parseIstDate } from '../clock.mts';
import type { SandboxHttpError } from '../errors.mts';
import { isBlank, readPositiveInteger } from './input.mts';

/** One day: the unit of date ranges, and of voucher validity (orderLifecycle.mts). */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** `limit` (default 10) and `page` (default 1, the first), both positive integers. */
export function readPaging(
	data: Record<string, unknown>,
	fail: (message: string) => SandboxHttpError,
): { limit: number; page: number } {
	const limit = isBlank(data.limit) ? 10 : readPositiveInteger(data.limit);
	const page = isBlank(data.page) ? 1 : readPositiveInteger(data.page);
	if (limit === undefined) throw fail('limit must be a positive integer');
	if (page === undefined) throw fail('page must be a positive integer (pages start at 1)');
	return { limit, page };
}

/** `startDate` and `endDate` (YYYY-MM-DD, IST) as the epoch-ms range [from, to) covering both days. */
export function readDateRange(
	data: Record<string, unknown>,
	fail: (message: string) => SandboxHttpError,
): { from: number; to: number } {
	const start = parseIstDate(data.startDate);
	const end = parseIstDate(data.endDate);
	if (start === null || end === null)
		throw fail('startDate and endDate must be dates as YYYY-MM-DD');
	if (end < start) throw fail('endDate must not be before startDate');
	return { from: start, to: end + DAY_MS };
}
