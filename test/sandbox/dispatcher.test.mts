import { describe, expect, it } from 'vitest';
import { callApi, useSandbox } from '../support/sandbox.mts';

describe('sandbox dispatcher', () => {
	const sandbox = useSandbox({ credentials: false });

	it('rejects an unknown query and a wrong tag', async () => {
		const unknown = await callApi(sandbox, 'plumProAPI.mutation.getBalance', { data: {} });
		expect(unknown.status).toBe(400);
		expect(unknown.data).toMatchObject({ code: 400 });
		const wrongTag = await callApi(
			sandbox,
			'plumProAPI.query.getBalance',
			{},
			{ body: { query: 'plumProAPI.query.getBalance', tag: 'xoxo_link', variables: {} } },
		);
		expect(wrongTag.status).toBe(400);
	});
});
