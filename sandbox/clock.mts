/** Sandbox time: real time plus an offset that admins can push forward to expire tokens and windows. */
export class SandboxClock {
	private offsetMs = 0;

	now(): number {
		return Date.now() + this.offsetMs;
	}

	advance(seconds: number): number {
		this.offsetMs += seconds * 1000;
		return this.now();
	}

	reset(): void {
		this.offsetMs = 0;
	}
}

const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;

/** "YYYY-MM-DD HH:mm:ss" in IST without an offset, as Plum writes timestamps (plum-api.md §9). */
export function formatIstDateTime(epochMs: number): string {
	return new Date(epochMs + IST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** "YYYY-MM-DD" in IST. */
export function formatIstDate(epochMs: number): string {
	return formatIstDateTime(epochMs).slice(0, 10);
}

/** Parses a strict "YYYY-MM-DD" (a real calendar date) into the IST day's start in epoch ms, else null. */
export function parseIstDate(value: unknown): number | null {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
	const utc = Date.parse(`${value}T00:00:00Z`);
	if (Number.isNaN(utc) || new Date(utc).toISOString().slice(0, 10) !== value) return null;
	return utc - IST_OFFSET_MS;
}

/** Parses a strict "DD-MM-YYYY" (reward-link expiry, plum-api.md §6) into the IST day's end in epoch ms, else null. */
export function parseDayMonthYear(value: unknown): number | null {
	if (typeof value !== 'string') return null;
	const match = /^(\d{2})-(\d{2})-(\d{4})$/.exec(value);
	if (!match) return null;
	const start = parseIstDate(`${match[3]}-${match[2]}-${match[1]}`);
	return start === null ? null : start + 24 * 60 * 60 * 1000 - 1;
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
