/** Per-execution memo, so that a product or a token status is fetched once for all items. */
export class ExecutionCache {
	private readonly entries = new Map<string, Promise<unknown>>();
	private readonly claims = new Map<string, unknown>();

	async remember<T>(key: string, load: () => Promise<T>): Promise<T> {
		let entry = this.entries.get(key) as Promise<T> | undefined;
		if (!entry) {
			entry = load();
			this.entries.set(key, entry);
			entry.catch(() => this.entries.delete(key));
		}
		return await entry;
	}

	has(key: string): boolean {
		return this.entries.has(key);
	}

	/** The value first claimed under `key` in this execution; `value` when this is the first claim. Synchronous, so items claim in the order they start. */
	claim<T>(key: string, value: T): T {
		if (!this.claims.has(key)) this.claims.set(key, value);
		return this.claims.get(key) as T;
	}
}
