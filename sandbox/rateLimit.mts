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
}

/**
 * Per-operation limits per minute (plum-api.md §7, HP/SRV rate-limiting). Going over starts a penalty:
 * for `penaltySeconds` every call of that operation gets 429 with the seconds still to wait.
 */
export class OperationRateLimiter {
	private windows = new Map<string, SlidingWindow>();
	private penaltyUntil = new Map<string, number>();

	constructor(
		private readonly config: SandboxConfig,
		private readonly clock: SandboxClock,
	) {}

	check(operation: string): void {
		if (!this.config.rateLimitsEnabled) return;
		const limit = this.config.rateLimits[operation];
		if (limit === undefined) return;
		const now = this.clock.now();
		const until = this.penaltyUntil.get(operation);
		if (until !== undefined && until > now) throw limitExceeded(Math.ceil((until - now) / 1000));

		let window = this.windows.get(operation);
		if (!window) this.windows.set(operation, (window = new SlidingWindow()));
		if (!window.tryHit(now, 60_000, limit)) {
			this.penaltyUntil.set(operation, now + this.config.penaltySeconds * 1000);
			this.windows.delete(operation);
			throw limitExceeded(this.config.penaltySeconds);
		}
	}
}

function limitExceeded(penaltySeconds: number): SandboxHttpError {
	return new SandboxHttpError(429, {
		errors: [{ message: 'auth.request_limit_exceeded', penaltySeconds }],
	});
}
