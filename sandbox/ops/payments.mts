/** The account's money (plum-api.md §4.3, §4.7): getBalance and paymentHistory. */
import type { OpCall, OpDefinition } from '../dispatcher.mts';
import { plumError } from '../errors.mts';
import type { SandboxContext } from '../state.mts';
import { giftCard, ok } from './giftCardFamily.mts';
import { asRecord, paginate } from './input.mts';
import { readDateRange, readPaging } from './listQuery.mts';

// ---------------------------------------------------------------- getBalance

function getBalance({ ctx }: OpCall) {
	const { config, state } = ctx;
	return ok({
		points: config.balance.points,
		value: state.balance,
		currency: config.balance.currency,
	});
}

// ---------------------------------------------------------------- paymentHistory

type Envelope = 'dataData' | 'data' | 'variablesData';

/**
 * plum-api.md §4.7 ❓: the SRV spec puts the fields in a top-level `data.data`, other HP pages in a
 * top-level `data`, AE in `variables.data`. All three are accepted unless config.paymentEnvelope pins one.
 */
function readPaymentEnvelope(
	ctx: SandboxContext,
	body: Record<string, unknown>,
): Record<string, unknown> {
	const topData = asRecord(body.data);
	const candidates: Array<[Envelope, Record<string, unknown> | undefined]> = [
		['variablesData', asRecord(asRecord(body.variables)?.data)],
		['dataData', asRecord(topData?.data)],
		['data', topData],
	];
	const found = candidates.find(([, value]) => value !== undefined);
	if (!found) throw plumError('PLE10002', 'Missing request data for paymentHistory');
	const wanted = ctx.config.paymentEnvelope;
	if (wanted !== 'any' && found[0] !== wanted) {
		throw plumError(
			'PLE10002',
			`Missing request data for paymentHistory (this sandbox only reads the ${wanted} envelope)`,
		);
	}
	return found[1] as Record<string, unknown>;
}

function paymentHistory({ ctx, body }: OpCall) {
	const data = readPaymentEnvelope(ctx, body);
	const fail = (message: string) => plumError('PLE10002', message);
	const { from, to } = readDateRange(data, fail);
	const { limit, page } = readPaging(data, fail);
	const rows = ctx.state.payments
		.filter((row) => row.at >= from && row.at < to)
		.sort((a, b) => b.at - a.at);
	const pageRows = paginate(rows, limit, page);
	// No documented answer for an empty report; PLE10027 ("history not found", §7) is the closest id.
	if (pageRows.length === 0)
		throw plumError('PLE10027', 'No payment history found for the given dates');
	return ok(pageRows.map(({ at: _at, ...row }) => row));
}

export const paymentOperations: OpDefinition[] = [
	giftCard('getBalance', 'query', getBalance),
	giftCard('paymentHistory', 'mutation', paymentHistory, {
		responseKey: (ctx) => ctx.config.paymentResponseKey,
	}),
];
