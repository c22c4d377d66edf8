import type { IDataObject } from 'n8n-workflow';

/**
 * Plum sends some numbers as strings and absent values as "" (see the captured responses).
 * Numeric strings become numbers, "" becomes null; anything else is left as Plum sent it.
 */
export function toNumber(value: unknown): number | null | unknown {
	if (value === '' || value === null || value === undefined) return null;
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	return value;
}

/** A copy of `record` with the named fields converted by `toNumber`. */
export function toNumbers(record: unknown, fields: readonly string[]): IDataObject {
	const copy: IDataObject = { ...((record ?? {}) as IDataObject) };
	for (const field of fields) {
		if (field in copy) copy[field] = toNumber(copy[field]) as IDataObject[string];
	}
	return copy;
}
