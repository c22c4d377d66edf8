import { DateTime } from 'luxon';

/** Plum's timestamps are IST without an offset (docs/plum-api.md §9). */
const PLUM_ZONE = 'Asia/Kolkata';

/** "2026-11-20 10:00:00" (IST) → "2026-11-20T10:00:00.000+05:30"; null for "" or unparsable values. */
export function plumTimestampToIso(value: unknown): string | null {
	if (typeof value !== 'string' || value.trim() === '') return null;
	const text = value.trim();
	const parsed = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(text)
		? DateTime.fromSQL(text, { zone: PLUM_ZONE })
		: DateTime.fromISO(text, { zone: PLUM_ZONE, setZone: true });
	return parsed.isValid ? parsed.toISO() : null;
}

/** Reads an n8n date parameter (ISO string, date-only string, Date or luxon DateTime). */
export function readDate(value: unknown): DateTime | undefined {
	if (value instanceof Date) return DateTime.fromJSDate(value);
	if (DateTime.isDateTime(value)) return value;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const text = value.trim();
	const candidates = [
		DateTime.fromISO(text, { setZone: true }),
		DateTime.fromSQL(text),
		DateTime.fromFormat(text, 'dd-MM-yyyy'),
	];
	return candidates.find((candidate) => candidate.isValid);
}

/** YYYY-MM-DD, the format of Plum's history filters. */
export function toPlumDate(date: DateTime): string {
	return date.toFormat('yyyy-MM-dd');
}

/** DD-MM-YYYY, the format of Plum's reward link expiry. */
export function toLinkExpiry(date: DateTime): string {
	return date.toFormat('dd-MM-yyyy');
}
