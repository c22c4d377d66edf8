/**
 * Injected failures: an admin queues a fault for the next N calls matching an operation or path,
 * and the request pipeline asks for one before doing any work.
 */
import { sleep } from './clock.mts';
import { SandboxHttpError, serverErrorBody } from './errors.mts';

export type FaultAction =
	| 'drop-before'
	| 'drop-after-commit'
	| 'status'
	| 'delay'
	| 'unauthorized'
	| 'status0';

const FAULT_ACTIONS: readonly FaultAction[] = [
	'drop-before',
	'drop-after-commit',
	'status',
	'delay',
	'unauthorized',
	'status0',
];

export interface FaultSpec {
	/**
	 * op: placeOrder, getBalance, refresh, validate, sendBalance, ...; path: e.g. /chef/v1/oauth/token/user;
	 * poNumber: only calls about this order (placeOrder, getOrderDetails). All given must match.
	 */
	match: { op?: string; path?: string; poNumber?: string };
	/** Matching calls that pass untouched before the fault starts (e.g. 1: the second call fails). */
	skip?: number;
	times: number;
	action: FaultAction;
	status?: number;
	body?: unknown;
	delayMs?: number;
	/** For action 'status': do the work first (e.g. commit the order), then answer the status. */
	afterCommit?: boolean;
	/**
	 * For action 'status': answer the status at once and do the work this many ms later (an order
	 * Plum commits seconds after it answered 502).
	 */
	commitAfterMs?: number;
}

export interface ActiveFault extends FaultSpec {
	id: number;
	/** Matching calls still to let pass */
	skipping: number;
	remaining: number;
	used: number;
}

export interface Outcome {
	status: number;
	body: unknown;
}

export interface ResponseChannel {
	send(outcome: Outcome): void;
	/** Destroys the socket without answering. */
	drop(): void;
}

export class FaultStore {
	private faults: ActiveFault[] = [];
	private nextId = 1;

	add(spec: FaultSpec): ActiveFault {
		validateSpec(spec);
		const fault: ActiveFault = {
			...spec,
			match: { ...spec.match },
			id: this.nextId++,
			skipping: spec.skip ?? 0,
			remaining: spec.times,
			used: 0,
		};
		this.faults.push(fault);
		return fault;
	}

	/** Consumes one use of the first fault matching this call, if any. */
	take(op: string | null, path: string, poNumber?: string): ActiveFault | undefined {
		const fault = this.faults.find(
			(candidate) => candidate.remaining > 0 && matches(candidate, op, path, poNumber),
		);
		if (!fault) return undefined;
		if (fault.skipping > 0) {
			fault.skipping -= 1;
			return undefined;
		}
		fault.remaining -= 1;
		fault.used += 1;
		return { ...fault };
	}

	list(): ActiveFault[] {
		return this.faults.map((fault) => ({ ...fault }));
	}

	clear(): void {
		this.faults = [];
	}
}

function matches(fault: ActiveFault, op: string | null, path: string, poNumber?: string): boolean {
	const { op: wantedOp, path: wantedPath, poNumber: wantedPoNumber } = fault.match;
	if (wantedPoNumber !== undefined && wantedPoNumber !== poNumber) return false;
	if (wantedOp !== undefined && wantedOp !== op) return false;
	if (wantedPath !== undefined && wantedPath !== path && `/chef${wantedPath}` !== path)
		return false;
	return true;
}

function validateSpec(spec: FaultSpec): void {
	const problems: string[] = [];
	if (typeof spec !== 'object' || spec === null) throw badFault(['body must be an object']);
	if (
		typeof spec.match !== 'object' ||
		spec.match === null ||
		(spec.match.op === undefined && spec.match.path === undefined)
	) {
		problems.push('match needs op or path');
	}
	if (!Number.isInteger(spec.times) || spec.times < 1)
		problems.push('times must be a positive integer');
	if (spec.skip !== undefined && !(Number.isInteger(spec.skip) && spec.skip >= 0))
		problems.push('skip must be a whole number');
	if (!FAULT_ACTIONS.includes(spec.action))
		problems.push(`action must be one of ${FAULT_ACTIONS.join(', ')}`);
	if (spec.action === 'delay' && !(typeof spec.delayMs === 'number' && spec.delayMs >= 0))
		problems.push('delay needs delayMs');
	if (spec.commitAfterMs !== undefined && !(spec.action === 'status' && typeof spec.commitAfterMs === 'number' && spec.commitAfterMs >= 0))
		problems.push('commitAfterMs goes with action status and is a number of ms');
	if (
		spec.status !== undefined &&
		!(Number.isInteger(spec.status) && spec.status >= 100 && spec.status <= 599)
	) {
		problems.push('status must be an HTTP status code');
	}
	if (problems.length > 0) throw badFault(problems);
}

function badFault(problems: string[]): SandboxHttpError {
	return new SandboxHttpError(400, { error: 'invalid fault', problems });
}

/**
 * Runs `work` (which must turn its own errors into an Outcome) under an optional fault.
 * `responseKey` names the `data.<key>` container for status0 bodies.
 */
export async function runWithFault(
	fault: ActiveFault | undefined,
	responseKey: string,
	work: () => Promise<Outcome>,
	channel: ResponseChannel,
): Promise<void> {
	if (!fault) return channel.send(await work());
	switch (fault.action) {
		case 'drop-before':
			return channel.drop();
		case 'drop-after-commit':
			await work();
			return channel.drop();
		case 'status': {
			if (fault.commitAfterMs !== undefined) {
				void sleep(fault.commitAfterMs).then(work);
			} else if (fault.afterCommit) {
				await work();
			}
			const status = fault.status ?? 500;
			return channel.send({ status, body: fault.body ?? serverErrorBody(status) });
		}
		case 'delay':
			await sleep(fault.delayMs ?? 0);
			return channel.send(await work());
		case 'unauthorized':
			return channel.send({
				status: 401,
				body: fault.body ?? { error: 'invalid_token', error_description: 'invalid/expired token' },
			});
		case 'status0': {
			const extra = typeof fault.body === 'object' && fault.body !== null ? fault.body : {};
			return channel.send({
				status: 200,
				body: {
					data: {
						[responseKey]: { status: 0, message: 'Request failed (sandbox fault)', ...extra },
					},
				},
			});
		}
	}
}
