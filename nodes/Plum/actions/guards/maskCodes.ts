import type { IDataObject } from 'n8n-workflow';

/** The fields of a gift card that redeem it: Plum's voucherCode and pin (and their spellings in older answers). */
const SECRET_FIELDS = new Set(['voucherCode', 'pin', 'pinCode', 'cardNumber', 'code']);
const KEEP = 4;

/** "****************7e2f": only the last 4 characters stay; a value of 4 or fewer is hidden whole. */
export function maskCode(value: string): string {
	if (value === '') return value;
	return value.length > KEEP ? '*'.repeat(value.length - KEEP) + value.slice(-KEEP) : '*'.repeat(value.length);
}

function maskCard(card: unknown): unknown {
	if (!card || typeof card !== 'object' || Array.isArray(card)) return card;
	const masked: IDataObject = { ...(card as IDataObject) };
	for (const [field, value] of Object.entries(masked)) {
		if (SECRET_FIELDS.has(field) && (typeof value === 'string' || typeof value === 'number')) masked[field] = maskCode(String(value));
	}
	return masked;
}

/** A copy of an order whose gift cards (`vouchers`, `voucherDetails`) show only the last 4 characters of their codes and PINs. */
export function maskOrderCodes<T extends IDataObject>(order: T): T {
	const masked: IDataObject = { ...order };
	for (const list of ['vouchers', 'voucherDetails']) {
		if (Array.isArray(masked[list])) masked[list] = (masked[list] as unknown[]).map(maskCard) as IDataObject[];
	}
	return masked as T;
}
