/**
 * POST /v1/oauth/api: one URL for every operation, chosen by `query` (plum-api.md §3).
 * The HP playground's /v1/oauth/api/<op> URLs are virtual, so the path suffix is ignored and
 * only `query` decides.
 */
import type { TokenType } from './config.mts';
import type { AuthenticatedCaller, SandboxContext } from './state.mts';
import { errorToOutcome, plainApiError } from './errors.mts';
import type { Outcome } from './faults.mts';
import { asRecord } from './ops/input.mts';
import { giftCardOperations } from './ops/giftcards.mts';
import { pointsOperations } from './ops/points.mts';
import { linkOperations } from './ops/links.mts';

export interface OpCall {
	ctx: SandboxContext;
	/** The whole request body (paymentHistory reads envelopes outside `variables`). */
	body: Record<string, unknown>;
	variables: Record<string, unknown>;
	/** `variables.data`, or {} when absent. */
	data: Record<string, unknown>;
	caller: AuthenticatedCaller;
}

export interface OpDefinition {
	query: string;
	/** Name used for rate limits, faults and the request log. */
	op: string;
	tag: string;
	tokenType: TokenType;
	/** The `data.<key>` container; defaults to `op`. */
	responseKey?: (ctx: SandboxContext) => string;
	/** Returns what goes inside `data.<key>`. */
	handler: (call: OpCall) => unknown | Promise<unknown>;
}

const OPERATIONS = new Map<string, OpDefinition>(
	[...giftCardOperations, ...pointsOperations, ...linkOperations].map((definition) => [
		definition.query,
		definition,
	]),
);

export function findOperation(body: unknown): OpDefinition | undefined {
	const query = asRecord(body)?.query;
	return typeof query === 'string' ? OPERATIONS.get(query) : undefined;
}

/** The op name for logs and fault matching, even for an unknown query ("plumProAPI.mutation.foo" → "foo"). */
export function operationName(body: unknown): string | null {
	const definition = findOperation(body);
	if (definition) return definition.op;
	const query = asRecord(body)?.query;
	return typeof query === 'string' ? (query.split('.').pop() ?? null) : null;
}

export function responseKeyFor(ctx: SandboxContext, body: unknown): string {
	const definition = findOperation(body);
	if (!definition) return operationName(body) ?? 'unknown';
	return definition.responseKey ? definition.responseKey(ctx) : definition.op;
}

export async function dispatch(
	ctx: SandboxContext,
	authorization: string | undefined,
	rawBody: unknown,
): Promise<Outcome> {
	try {
		const caller = ctx.tokens.authenticate(authorization);
		const body = asRecord(rawBody);
		if (!body)
			throw plainApiError(
				400,
				'Invalid request',
				'The body must be a JSON object {query, tag, variables}',
			);
		const definition = findOperation(body);
		if (!definition) {
			throw plainApiError(400, 'Invalid query', `Unknown query "${String(body.query)}"`);
		}
		// A wrong tag is rejected rather than ignored so a client bug shows here and not in production.
		if (body.tag !== definition.tag) {
			throw plainApiError(
				400,
				'Invalid tag',
				`Query ${definition.query} needs tag "${definition.tag}", got ${JSON.stringify(body.tag ?? null)}`,
			);
		}
		ctx.tokens.authorize(authorization, definition.tokenType);
		ctx.rateLimiter.check(definition.op);
		const variables = asRecord(body.variables) ?? {};
		const payload = await definition.handler({
			ctx,
			body,
			variables,
			data: asRecord(variables.data) ?? {},
			caller,
		});
		const key = definition.responseKey ? definition.responseKey(ctx) : definition.op;
		return { status: 200, body: { data: { [key]: payload } } };
	} catch (error) {
		return errorToOutcome(error);
	}
}
