/**
 * Reading request fields the way Plum does: lenient about numbers sent as strings
 * (plum-api.md §3, the HP quick-start sends productId/quantity/denomination as strings), strict otherwise.
 */

export function asRecord(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: undefined;
}

/** A finite number, or a string holding one; anything else is undefined. */
export function readNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	return undefined;
}

export function readInteger(value: unknown): number | undefined {
	const number = readNumber(value);
	return number !== undefined && Number.isInteger(number) ? number : undefined;
}

export function readPositiveInteger(value: unknown): number | undefined {
	const number = readInteger(value);
	return number !== undefined && number > 0 ? number : undefined;
}

export function readString(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

/** "1,2, 3" or ["1","2"] → ["1","2","3"]; empty parts dropped. */
export function readCsv(value: unknown): string[] {
	const parts = Array.isArray(value)
		? value.map(String)
		: typeof value === 'string' || typeof value === 'number'
			? String(value).split(',')
			: [];
	return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: unknown): value is string {
	return typeof value === 'string' && EMAIL.test(value);
}

/** 0/1 flags sent as numbers, strings or booleans. */
export function readFlag(value: unknown): 0 | 1 | undefined {
	if (value === 1 || value === '1' || value === true) return 1;
	if (value === 0 || value === '0' || value === false) return 0;
	return undefined;
}

export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

/** Slices one page (page numbers start at 1). */
export function paginate<T>(items: T[], limit: number, page: number): T[] {
	return items.slice((page - 1) * limit, page * limit);
}
