import type { IDataObject } from 'n8n-workflow';

import { toNumber } from '../helpers/normalize';
import type { PlumContext } from '../transport';
import type { CallOptions, PlumCall } from './define';
import { callPlum, markedFailed } from './define';

/** The Reward Points calls (`tag: storeAdmin`, company token; docs/plum-api.md §5). */
export const POINTS_CALLS = {
	// Points are not idempotent on Plum's side: never sent again automatically.
	sendBalance: { query: 'storesAdmin.mutation.sendBalance', variablesKey: 'recipients_data', safeToResend: false },
	userBalance: { query: 'storesAdmin.query.user_balance', variablesKey: 'user_data', safeToResend: true },
	cancelBalance: { query: 'storesAdmin.mutation.cancelBalance', variablesKey: 'recipients_data', safeToResend: false },
} as const satisfies Record<string, PlumCall>;

type Options = Pick<CallOptions, 'itemIndex'>;

/** One recipient of a transfer, as Plum takes it (the amount as a string, §5). */
export interface PointsRecipient {
	to_name: string;
	to_email: string;
	amount: string;
	citation: string;
}

/** What Plum says about one recipient (or one cancellation). */
export interface PointsOutcome extends IDataObject {
	/** Plum's id of the grant; Cancel needs it exactly as sent */
	unique_id?: string;
	to_email?: string;
	succeeded: boolean;
	message?: string;
}

export interface PointsAnswer {
	/** Per recipient, in Plum's order; Plum may list none */
	outcomes: PointsOutcome[];
	message: string;
}

function toAnswer(result: IDataObject): PointsAnswer {
	const entries = Array.isArray(result.recipients) ? (result.recipients as IDataObject[]) : [];
	return {
		outcomes: entries.map((entry) => ({ ...entry, succeeded: !markedFailed(entry) })),
		message: typeof result.message === 'string' ? result.message : '',
	};
}

export interface PointsTransfer {
	senderEmail: string;
	expiryMonth?: number;
	recipients: PointsRecipient[];
}

/** sendBalance's input, as Plum takes it. */
export function sendPointsInput(transfer: PointsTransfer): IDataObject {
	const data: IDataObject = { sender_email: transfer.senderEmail, recipients: transfer.recipients as unknown as IDataObject[] };
	if (transfer.expiryMonth) data.expiry_month = transfer.expiryMonth;
	return data;
}

/** Sends points from one sender to up to 50 recipients in one request. */
export async function sendPoints(this: PlumContext, transfer: PointsTransfer, options: Options = {}): Promise<PointsAnswer> {
	return toAnswer(await callPlum.call(this, POINTS_CALLS.sendBalance, sendPointsInput(transfer), options));
}

/** A user's points balance. */
export async function getPointsBalance(this: PlumContext, email: string, options: Options = {}): Promise<{ total: number | null; message: string }> {
	const result = await callPlum.call(this, POINTS_CALLS.userBalance, { email, phone: '' }, options);
	const data = (result.data ?? {}) as IDataObject;
	const total = toNumber(data.total);
	return { total: typeof total === 'number' ? total : null, message: typeof result.message === 'string' ? result.message : '' };
}

/** Cancels one grant by its unique_id. */
export async function cancelPoints(this: PlumContext, uniqueId: string, options: Options = {}): Promise<PointsOutcome> {
	const answer = toAnswer(await callPlum.call(this, POINTS_CALLS.cancelBalance, { recipients: [{ unique_id: uniqueId }] }, options));
	const outcome = answer.outcomes.find((entry) => String(entry.unique_id) === uniqueId) ?? answer.outcomes[0];
	return outcome ?? { succeeded: true, message: answer.message };
}
