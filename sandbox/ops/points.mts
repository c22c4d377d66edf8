/** Reward Points operations (tag storeAdmin, company token; plum-api.md §5). */
import type { OpCall, OpDefinition } from '../dispatcher.mts';
import { operationFamily } from './define.mts';
import { plainApiError } from '../errors.mts';
import { roundMoney, type PointsGrant } from '../state.mts';
import { asRecord, isBlank, isEmail, readNumber, readPositiveInteger, readString } from './input.mts';

const invalid = (message: string) => plainApiError(400, 'Validation error', message);

/**
 * `variables.recipients_data` per HC/help.xoxoday; the HP curl example and AE drop the wrapper
 * (plum-api.md §5 ❓), so a bare `variables` (or `variables.data`) holding the same fields is read too.
 */
function readRecipientsData(
	variables: Record<string, unknown>,
): Record<string, unknown> | undefined {
	const wrapped = asRecord(variables.recipients_data) ?? asRecord(variables.data);
	if (wrapped) return wrapped;
	return variables.recipients !== undefined || variables.sender_email !== undefined
		? variables
		: undefined;
}

function sendBalance({ ctx, variables }: OpCall) {
	const data = readRecipientsData(variables);
	if (!data) throw invalid('recipients_data is required');
	if (!isEmail(data.sender_email))
		throw invalid('recipients_data.sender_email must be the super admin e-mail');
	const expiryMonth = isBlank(data.expiry_month) ? null : readPositiveInteger(data.expiry_month);
	if (expiryMonth === undefined) throw invalid('expiry_month must be a positive integer');
	const recipients = data.recipients;
	if (!Array.isArray(recipients) || recipients.length === 0)
		throw invalid('recipients must be a non-empty array');
	if (recipients.length > ctx.config.pointsBatchLimit) {
		throw invalid(
			`At most ${ctx.config.pointsBatchLimit} recipients per call; got ${recipients.length}`,
		);
	}
	const state = ctx.state;
	const results = recipients.map((entry) => {
		const recipient = asRecord(entry) ?? {};
		const amount = readNumber(recipient.amount);
		const failure = (message: string) => ({
			unique_id: null,
			to_email: recipient.to_email ?? null,
			amount: recipient.amount ?? null,
			success: false,
			message,
		});
		if (!isEmail(recipient.to_email)) return failure('invalid email');
		if (amount === undefined || amount <= 0) return failure('invalid amount');
		const grant: PointsGrant = {
			unique_id: state.nextPointsId++,
			sender_email: data.sender_email as string,
			to_name: readString(recipient.to_name) ?? '',
			to_email: recipient.to_email,
			amount: roundMoney(amount),
			citation: readString(recipient.citation) ?? '',
			expiry_month: expiryMonth,
			status: 'active',
			at: ctx.clock.now(),
		};
		state.points.push(grant);
		return {
			unique_id: grant.unique_id,
			to_email: grant.to_email,
			amount: recipient.amount,
			success: true,
			message: 'points sent',
		};
	});
	const anySent = results.some((result) => result.success);
	return {
		error: !anySent,
		message: anySent ? 'points sent' : 'points not sent',
		recipients: results,
	};
}

function userBalance({ ctx, variables }: OpCall) {
	const data = asRecord(variables.user_data) ?? asRecord(variables.data);
	if (!data) throw invalid('user_data is required');
	if (!isEmail(data.email)) return { success: 0, message: 'invalid email', data: null };
	const email = data.email.toLowerCase();
	const total = ctx.state.points
		.filter((grant) => grant.status === 'active' && grant.to_email.toLowerCase() === email)
		.reduce((sum, grant) => sum + grant.amount, 0);
	return { success: 1, message: 'user balance fetched', data: { total: roundMoney(total) } };
}

function cancelBalance({ ctx, variables }: OpCall) {
	const data = readRecipientsData(variables);
	const recipients = data?.recipients;
	if (!Array.isArray(recipients) || recipients.length === 0)
		throw invalid('recipients_data.recipients must be a non-empty array of {unique_id}');
	const results = recipients.map((entry) => {
		const rawId = asRecord(entry)?.unique_id;
		const uniqueId = readPositiveInteger(rawId);
		const grant =
			uniqueId === undefined
				? undefined
				: ctx.state.points.find((candidate) => candidate.unique_id === uniqueId);
		if (!grant) return { unique_id: rawId ?? null, success: false, message: 'invalid unique_id' };
		if (grant.status === 'canceled')
			return { unique_id: grant.unique_id, success: false, message: 'points already cancelled' };
		grant.status = 'canceled';
		return { unique_id: grant.unique_id, success: true, message: 'points cancelled' };
	});
	const anyCanceled = results.some((result) => result.success);
	return {
		error: !anyCanceled,
		message: anyCanceled ? 'points cancelled' : 'points not cancelled',
		recipients: results,
	};
}

const points = operationFamily('storesAdmin', 'storeAdmin', 'company');

export const pointsOperations: OpDefinition[] = [
	points('sendBalance', 'mutation', sendBalance),
	points('user_balance', 'query', userBalance),
	points('cancelBalance', 'mutation', cancelBalance),
];
