/** What Plum allows in an order of a product (docs/plum-api.md §4.2, §4.4): pure rules, no calls. */

/** Plum's default quantity cap when a product names none (docs/plum-api.md §4.4). */
export const DEFAULT_QUANTITY_LIMIT = 10;

/** The fields of a product the rules read. */
export interface ProductRules {
	name: string;
	currencyCode?: string;
	valueType?: string;
	minValue?: number | null;
	maxValue?: number | null;
	/** The fixed values it is offered in, ascending (from `valueDenominations`) */
	denominations: number[];
	/** Most cards per order */
	quantityLimit: number;
	phoneRequired: boolean;
}

/**
 * The values an open-value product takes. Live data has products whose maxValue is 0 or below
 * minValue: such a max is no limit at all.
 */
export function openValueRange(product: ProductRules): { min: number; max: number } {
	const min = Math.max(Number(product.minValue) || 0, 0);
	const rawMax = Number(product.maxValue) || 0;
	return { min, max: rawMax > 0 && rawMax >= min ? rawMax : Infinity };
}

/** "between 5 and 100" or "from 5": the range in words. */
export function describeRange({ min, max }: { min: number; max: number }): string {
	return max === Infinity ? `at least ${min}` : `between ${min} and ${max}`;
}

/** Why Plum would refuse this order for this product, or undefined when it is fine. */
export function orderProblem(
	product: ProductRules,
	order: { denomination: number; quantity: number; contact: string },
): { field: string; value: unknown; allowed: string } | undefined {
	const currency = product.currencyCode ? ` ${product.currencyCode}` : '';
	if (product.valueType === 'open_value') {
		const range = openValueRange(product);
		if (order.denomination < range.min || order.denomination > range.max) {
			return { field: 'Denomination', value: order.denomination, allowed: `"${product.name}" takes any value ${describeRange(range)}${currency}.` };
		}
	} else if (product.denominations.length > 0 && !product.denominations.includes(order.denomination)) {
		return {
			field: 'Denomination',
			value: order.denomination,
			allowed: `"${product.name}" is offered in ${product.denominations.join(', ')}${currency}.`,
		};
	}
	const limit = product.quantityLimit || DEFAULT_QUANTITY_LIMIT;
	if (order.quantity > limit) {
		return { field: 'Quantity', value: order.quantity, allowed: `"${product.name}" allows at most ${limit} per order. Split the order into several items with their own poNumbers.` };
	}
	if (product.phoneRequired && order.contact.trim() === '') {
		return { field: 'Contact', value: order.contact, allowed: `"${product.name}" needs the receiver's phone number, e.g. +1-5234567890.` };
	}
	return undefined;
}
