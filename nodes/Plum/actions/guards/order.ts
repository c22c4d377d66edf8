import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { existingOrderFor, GIFT_CARD_CALLS, previewCall } from '../../api';
import type { PlumOrderRequest, PlumProduct } from '../../api';
import type { ExecutionCache } from '../executionCache';
import { sendGuarded } from './index';
import { maskOrderCodes } from './maskCodes';
import type { GuardOptions } from './options';

/**
 * order.create's guards around placing one checked order: Reward Once, Minimum Balance, Validate
 * Only (the PO number looked up at Plum as a run would, and the placeOrder request), Mask Codes.
 */
export async function guardOrder(
	context: IExecuteFunctions,
	cache: ExecutionCache,
	itemIndex: number,
	guards: GuardOptions,
	order: PlumOrderRequest,
	product: PlumProduct,
	place: () => Promise<IDataObject>,
): Promise<IDataObject> {
	const result = await sendGuarded(context, cache, itemIndex, {
		guards,
		spend: { value: order.denomination * order.quantity, currency: typeof product.currencyCode === 'string' ? product.currencyCode : undefined },
		preview: async () => {
			const existing = await existingOrderFor.call(context, order, { itemIndex });
			const request = await previewCall.call(context, GIFT_CARD_CALLS.placeOrder, order, { itemIndex });
			const { poNumber, productId, denomination, quantity, email } = order;
			// A run would return the existing order as a replay and order nothing.
			const fields: IDataObject = { poNumber, productId, denomination, quantity, email, ...(existing ? { existingOrderId: existing.orderId } : {}) };
			return { fields, request };
		},
		send: place,
		retrySafe: true,
		spentNothing: (placed) => placed.replayed === true,
	});
	return guards.maskCodes ? maskOrderCodes(result) : result;
}
