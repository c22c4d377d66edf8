import type { IDataObject } from 'n8n-workflow';

/**
 * How Plum's answers look on the wire, read by the credential's refresh and by the node's transport
 * alike (docs/plum-api.md §7).
 */

/** Plum's body as an object: as it came, or parsed where n8n handed it over as a JSON string. */
export function plumBodyObject(body: unknown): IDataObject | undefined {
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as IDataObject;
	if (typeof body !== 'string') return undefined;
	try {
		const parsed = JSON.parse(body) as unknown;
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

/** What Plum asks for when it gives no penalty: its documented default. */
const DEFAULT_PENALTY_SECONDS = 60;

/**
 * Seconds Plum asks the caller to wait, for an answer that is a rate-limit refusal (HTTP 429, or
 * `auth.request_limit_exceeded` in the body: `{"errors":[{"message":…,"penaltySeconds":60}]}`);
 * undefined for any other answer.
 */
export function rateLimitPenalty(status: number | undefined, body: unknown): number | undefined {
	const data = plumBodyObject(body);
	const errors = Array.isArray(data?.errors) ? (data.errors as IDataObject[]) : [];
	const limited = [data?.message, ...errors.map((entry) => entry?.message)].includes('auth.request_limit_exceeded');
	if (status !== 429 && !limited) return undefined;
	const penalty = Number(errors.find((entry) => entry?.penaltySeconds !== undefined)?.penaltySeconds);
	return Number.isFinite(penalty) && penalty >= 0 ? penalty : DEFAULT_PENALTY_SECONDS;
}
