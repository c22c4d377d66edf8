import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { settle } from '../../transport/errors';
import type { ExecutionCache } from '../executionCache';
import type { GuardOptions } from './options';
import { claimRewardOnce, confirmClaim, sentNothing, settleFailedClaim } from './rewardOnce';
import type { RewardClaim } from './rewardOnce';
import { reserveAboveFloor } from './spendingCap';
import { validateOnlyItem } from './validateOnly';

export { maskOrderCodes } from './maskCodes';
export { readGuardOptions } from './options';
export type { GuardOptions } from './options';
export { claimRewardOnce, confirmClaim, sentNothing, settleFailedClaim } from './rewardOnce';
export type { RewardClaim } from './rewardOnce';
export { checkSpendingCap } from './spendingCap';
export { validateOnlyItem } from './validateOnly';

export interface GuardedSend<T> {
	guards: GuardOptions;
	/** What the send takes from the Plum balance, in the product's currency (for Minimum Balance). */
	spend?: { value: number; currency?: string };
	/** The item's own fields and the request it would send, after the checks a send makes first (validate-only). */
	preview(): Promise<{ fields: IDataObject; request: IDataObject }>;
	send(): Promise<T>;
	/** Sending again after an earlier attempt of this item is safe (an order, by its PO number). */
	retrySafe?: boolean;
	/** Whether a result took nothing from the balance (a replayed order). */
	spentNothing?(result: T): boolean;
}

/**
 * One send behind the item's guards, in this order: Reward Once (a repeat is skipped), Minimum
 * Balance (reserved before sending), then the send, or with Validate Only the preview instead.
 * A failure that certainly sent nothing frees the reward key and the reserved balance again.
 */
export async function sendGuarded<T extends IDataObject | IDataObject[]>(
	context: IExecuteFunctions,
	cache: ExecutionCache,
	itemIndex: number,
	spec: GuardedSend<T>,
): Promise<T | IDataObject> {
	const { guards } = spec;
	let claim: RewardClaim | undefined;
	if (guards.rewardOnceKey) {
		const claimed = await claimRewardOnce(context, cache, itemIndex, guards.rewardOnceKey, { validateOnly: guards.validateOnly, retrySafe: spec.retrySafe });
		if ('skipped' in claimed) return claimed.skipped;
		claim = claimed.claim;
	}
	const reserving = spec.spend
		? await settle(context, reserveAboveFloor(context, cache, itemIndex, guards.minBalance, spec.spend.value, spec.spend.currency))
		: ({ ok: true, value: undefined } as const);
	if (!reserving.ok) {
		await settleFailedClaim(claim, reserving.error, true);
		throw reserving.error;
	}
	const reservation = reserving.value;
	const rewardOnce = guards.rewardOnceKey ? { rewardOnceKey: guards.rewardOnceKey } : {};
	if (guards.validateOnly) {
		const previewed = await settle(context, spec.preview());
		if (!previewed.ok) {
			reservation?.release();
			throw previewed.error;
		}
		return validateOnlyItem({ ...previewed.value.fields, ...rewardOnce }, previewed.value.request);
	}
	const sent = await settle(context, spec.send());
	if (sent.ok) {
		if (spec.spentNothing?.(sent.value)) reservation?.release();
		await confirmClaim(claim);
		return sent.value;
	}
	const nothingSent = sentNothing(sent.error);
	if (nothingSent) reservation?.release();
	await settleFailedClaim(claim, sent.error, nothingSent);
	throw sent.error;
}
