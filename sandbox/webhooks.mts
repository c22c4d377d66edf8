/**
 * Plum's order delivery-status callbacks (plum-api.md §8): one JSON POST per change, a static
 * `x-api-key` header when configured, up to 3 retries, then the webhook is disabled until re-enabled.
 */
import type { SandboxConfig } from './config.mts';
import { formatIstDateTime, sleep, type SandboxClock } from './clock.mts';

export interface WebhookPayload {
	id: number;
	data: { orderId: number; poNumber: string; orderDate: string; deliveryStatus: string };
	createdAt: string;
}

export interface AttemptResult {
	status: number | null;
	error?: string;
	at: number;
}

export interface DeliveryRecord {
	payload: WebhookPayload;
	url: string;
	attempts: number;
	/** delivered: a 2xx came back; failed: every attempt failed (the webhook is now disabled); skipped: it was disabled already. */
	status: 'delivered' | 'failed' | 'skipped';
	results: AttemptResult[];
}

export interface WebhookView {
	url: string | null;
	apiKeySet: boolean;
	disabled: boolean;
	deliveries: DeliveryRecord[];
}

export interface SendOnceRequest {
	payload?: unknown;
	headers?: Record<string, string | null>;
	url?: string;
}

export interface SendOnceResult {
	url: string;
	status: number | null;
	body: unknown;
	error?: string;
}

export interface OrderEvent {
	orderId: number;
	poNumber: string;
	orderDate: string;
	deliveryStatus: 'delivered' | 'canceled';
}

export class WebhookDispatcher {
	private disabled = false;
	private deliveries: DeliveryRecord[] = [];
	// Plum's callback ids are unique for good; starting from the wall clock keeps them unique across
	// sandbox restarts too, so a receiver that remembers handled ids (the Plum Trigger) is not fooled.
	private nextId = Date.now();

	constructor(
		private readonly config: SandboxConfig,
		private readonly clock: SandboxClock,
	) {}

	buildPayload(event: OrderEvent): WebhookPayload {
		const status =
			this.config.webhook.statusCase === 'title'
				? titleCase(event.deliveryStatus)
				: event.deliveryStatus;
		return {
			id: this.nextId++,
			data: {
				orderId: event.orderId,
				poNumber: event.poNumber,
				orderDate: event.orderDate,
				deliveryStatus: status,
			},
			createdAt: formatIstDateTime(this.clock.now()),
		};
	}

	/** Sends the callback for an order event with retries; null when no webhook URL is configured. */
	async notify(event: OrderEvent): Promise<DeliveryRecord | null> {
		const url = this.config.webhook.url;
		if (!url) return null;
		const payload = this.buildPayload(event);
		const record: DeliveryRecord = { payload, url, attempts: 0, status: 'skipped', results: [] };
		this.deliveries.push(record);
		if (this.disabled) return record;

		const maxAttempts = 1 + this.config.webhook.maxRetries;
		for (let attempt = 1; attempt <= maxAttempts; attempt++) {
			if (attempt > 1) await sleep(this.config.webhook.retryDelayMs);
			record.attempts = attempt;
			const result = await this.post(url, JSON.stringify(payload), this.defaultHeaders());
			record.results.push({ status: result.status, error: result.error, at: this.clock.now() });
			if (result.status !== null && result.status >= 200 && result.status < 300) {
				record.status = 'delivered';
				return record;
			}
		}
		record.status = 'failed';
		this.disabled = true;
		return record;
	}

	enable(): void {
		this.disabled = false;
	}

	view(): WebhookView {
		return {
			url: this.config.webhook.url ?? null,
			apiKeySet: Boolean(this.config.webhook.apiKey),
			disabled: this.disabled,
			deliveries: structuredClone(this.deliveries),
		};
	}

	/** One POST of any payload (duplicate, forged key, malformed) regardless of the disabled flag. */
	async sendOnce(request: SendOnceRequest, fallbackEvent: OrderEvent): Promise<SendOnceResult> {
		const url = request.url ?? this.config.webhook.url;
		if (!url) throw new Error('no webhook url configured and none given');
		const body =
			typeof request.payload === 'string'
				? request.payload
				: JSON.stringify(
						request.payload === undefined ? this.buildPayload(fallbackEvent) : request.payload,
					);
		const headers = this.defaultHeaders();
		for (const [name, value] of Object.entries(request.headers ?? {})) {
			if (value === null) delete headers[name.toLowerCase()];
			else headers[name.toLowerCase()] = value;
		}
		const result = await this.post(url, body, headers);
		return { url, ...result };
	}

	private defaultHeaders(): Record<string, string> {
		const headers: Record<string, string> = {
			'content-type': 'application/json',
			'user-agent': 'Plum-Sandbox-Webhook/1.0',
		};
		if (this.config.webhook.apiKey) headers['x-api-key'] = this.config.webhook.apiKey;
		return headers;
	}

	private async post(
		url: string,
		body: string,
		headers: Record<string, string>,
	): Promise<{ status: number | null; body: unknown; error?: string }> {
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers,
				body,
				signal: AbortSignal.timeout(this.config.webhook.timeoutMs),
			});
			const text = await response.text();
			return { status: response.status, body: parseMaybeJson(text) };
		} catch (error) {
			const cause = (error as { cause?: { code?: string } }).cause;
			return { status: null, body: null, error: cause?.code ?? (error as Error).message };
		}
	}
}

function titleCase(value: string): string {
	return value.charAt(0).toUpperCase() + value.slice(1);
}

function parseMaybeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}
