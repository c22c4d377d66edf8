import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getBalance } from '../../api';
import type { ExecutionCache } from '../executionCache';

/**
 * The budget guards of order.create, both decided per execution (the ExecutionCache), so they hold
 * whether the items are ordered one by one or several at once:
 * - Max Total Value: before the first order, the sum of denomination × quantity over all input
 *   items; above the cap, every item fails and nothing is ordered;
 * - Minimum Balance: one getBalance per execution, then every order reserves its value against it
 *   before it is sent; an order that would take the balance below the floor is refused.
 */

/** An item's value (denomination × quantity), or 0 when its parameters do not read as numbers (it fails on its own). */
function valueOf(context: IExecuteFunctions, itemIndex: number): number {
	try {
		const denomination = Number(context.getNodeParameter('denomination', itemIndex));
		const quantity = Number(context.getNodeParameter('quantity', itemIndex, 1));
		return Number.isFinite(denomination) && Number.isFinite(quantity) && denomination > 0 && quantity > 0 ? denomination * quantity : 0;
	} catch {
		return 0;
	}
}

function round(value: number): number {
	return Math.round(value * 100) / 100;
}

/** Fails the item when the whole execution's orders add up to more than the cap (0 = no cap). */
export async function checkSpendingCap(context: IExecuteFunctions, cache: ExecutionCache, itemIndex: number, maxTotalValue: number): Promise<void> {
	if (!(maxTotalValue > 0)) return;
	const { total, count } = await cache.remember('spendingCap:total', async () => {
		const items = context.getInputData();
		const values = items.map((_, index) => valueOf(context, index));
		return await Promise.resolve({ total: round(values.reduce((sum, value) => sum + value, 0)), count: items.length });
	});
	if (total <= maxTotalValue) return;
	throw new NodeOperationError(
		context.getNode(),
		`Max Total Value ${maxTotalValue} exceeded: the ${count} item(s) of this run add up to ${total} (denomination × quantity). Nothing was ordered`,
		{
			itemIndex,
			description: `No order of this run was placed. Raise Max Total Value above ${total}, or send fewer or smaller rewards per run. The total adds the denominations as they are, in each product's currency.`,
		},
	);
}

/** The account balance of this execution and what its orders have reserved of it. */
interface BalanceLedger {
	balance: number;
	currency: string;
	reserved: number;
}

/** A reservation against the balance floor, handed back when the order certainly did not happen. */
export interface BalanceReservation {
	release(): void;
}

/**
 * Reserves `value` (in `currency`, the product's) against the balance read once per execution; fails
 * the item, naming the balance, when the order would take it below `minBalance` (0 = no floor).
 */
export async function reserveAboveFloor(
	context: IExecuteFunctions,
	cache: ExecutionCache,
	itemIndex: number,
	minBalance: number,
	value: number,
	currency: string | undefined,
): Promise<BalanceReservation | undefined> {
	if (!(minBalance > 0)) return undefined;
	const ledger = await cache.remember<BalanceLedger>('balanceFloor:ledger', async () => {
		const balance = await getBalance.call(context, { itemIndex });
		if (typeof balance.value !== 'number') {
			throw new NodeOperationError(context.getNode(), 'Minimum Balance could not be checked: Plum\'s balance answer has no value. Nothing was ordered', { itemIndex });
		}
		return { balance: balance.value, currency: String(balance.currency ?? ''), reserved: 0 };
	});
	const accountCurrency = ledger.currency.toUpperCase();
	if (currency && accountCurrency && currency.toUpperCase() !== accountCurrency) {
		throw new NodeOperationError(
			context.getNode(),
			`Minimum Balance cannot be checked for this order: the product is priced in ${currency}, the balance (${ledger.balance} ${ledger.currency}) in ${ledger.currency}. Nothing was ordered`,
			{ itemIndex, description: 'The floor compares order values with the balance in one currency. Turn Minimum Balance off for products in another currency, or choose a product priced in the account\'s currency.' },
		);
	}
	const left = round(ledger.balance - ledger.reserved);
	if (left - value < minBalance) {
		const before = ledger.reserved > 0 ? ` (${left} ${ledger.currency} after the orders before it in this run)` : '';
		throw new NodeOperationError(
			context.getNode(),
			`Minimum Balance ${minBalance}: this order of ${value} would take the Plum balance of ${ledger.balance} ${ledger.currency}${before} below the floor. Nothing was ordered for this item`,
			{ itemIndex, description: 'Add funds in the Plum dashboard (Balance → Add Funds), or lower Minimum Balance.' },
		);
	}
	// Reserved synchronously after the check: orders in flight at the same time cannot both pass it.
	ledger.reserved = round(ledger.reserved + value);
	let released = false;
	return {
		release: () => {
			if (released) return;
			released = true;
			ledger.reserved = round(ledger.reserved - value);
		},
	};
}
