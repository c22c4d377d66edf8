/** Per-execution memo, so that a product or a token status is fetched once for all items. */
export class ExecutionCache {
	private readonly entries = new Map<string, Promise<unknown>>();

	async remember<T>(key: string, load: () => Promise<T>): Promise<T> {
		let entry = this.entries.get(key) as Promise<T> | undefined;
		if (!entry) {
			entry = load();
			this.entries.set(key, entry);
			entry.catch(() => this.entries.delete(key));
		}
		return await entry;
	}
}
