import type { SandboxConfig } from './config.mts';
import type { SandboxClock } from './clock.mts';
import { SandboxHttpError } from './errors.mts';

/** Counts hits in a sliding window; tryHit answers whether one more hit still fits. */
export class SlidingWindow {
	private hits: number[] = [];

	tryHit(now: number, windowMs: number, limit: number): boolean {
		this.hits = this.hits.filter((time) => time > now - windowMs);
		if (this.hits.length >= limit) return false;
		this.hits.push(now);
		return true;
	}

	/** Counts the hit whatever the limit; answers how many hits the window now holds. */
	hit(now: number, windowMs: number): number {
		this.hits = this.hits.filter((time) => time > now - windowMs);
		this.hits.push(now);
		return this.hits.length;
	}
}

/** What a client did against one operation's limit: the most calls that arrived in one window, and the 429s. */
export interface RateLimitReport {
	limit: number | null;
	/** The most calls (answered or refused) that arrived within any one window */
	peakPerWindow: number;
	/** Calls answered 429 */
	limited: number;
}

/**
 * Per-operation limits per minute (plum-api.md §7, HP/SRV rate-limiting). Going over starts a penalty:
 * for `penaltySeconds` every call of that operation gets 429 with the seconds still to wait.
 */
export class OperationRateLimiter {
	private windows = new Map<string, SlidingWindow>();
	private penaltyUntil = new Map<string, number>();
	private arrivals = new Map<string, SlidingWindow>();
	private reports = new Map<string, RateLimitReport>();

	constructor(
		private readonly config: SandboxConfig,
		private readonly clock: SandboxClock,
	) {}

	check(operation: string): void {
		const now = this.clock.now();
		const windowMs = this.config.rateLimitWindowMs;
		const limit = this.config.rateLimits[operation];
		const report = this.observe(operation, now, windowMs, limit);
		if (!this.config.rateLimitsEnabled) return;
		if (limit === undefined) return;
		const until = this.penaltyUntil.get(operation);
		if (until !== undefined && until > now) {
			report.limited += 1;
			throw limitExceeded(Math.ceil((until - now) / 1000));
		}

		let window = this.windows.get(operation);
		if (!window) this.windows.set(operation, (window = new SlidingWindow()));
		if (!window.tryHit(now, windowMs, limit)) {
			report.limited += 1;
			this.penaltyUntil.set(operation, now + this.config.penaltySeconds * 1000);
			this.windows.delete(operation);
			throw limitExceeded(this.config.penaltySeconds);
		}
	}

	/** Per operation: its limit, the most calls that arrived in one window, and the 429s answered. */
	report(): Record<string, RateLimitReport> {
		return Object.fromEntries([...this.reports].map(([operation, report]) => [operation, { ...report }]));
	}

	private observe(operation: string, now: number, windowMs: number, limit: number | undefined): RateLimitReport {
		let arrivals = this.arrivals.get(operation);
		if (!arrivals) this.arrivals.set(operation, (arrivals = new SlidingWindow()));
		let report = this.reports.get(operation);
		if (!report) this.reports.set(operation, (report = { limit: limit ?? null, peakPerWindow: 0, limited: 0 }));
		report.peakPerWindow = Math.max(report.peakPerWindow, arrivals.hit(now, windowMs));
		return report;
	}
}

function limitExceeded(penaltySeconds: number): SandboxHttpError {
	return new SandboxHttpError(429, {
		errors: [{ message: 'auth.request_limit_exceeded', penaltySeconds }],
	});
}
