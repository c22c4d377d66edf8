import { createRequire } from 'node:module';

import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
	resolve: {
		// One n8n-workflow for the nodes under test and for n8n-core, as inside n8n: its CommonJS
		// build, which Node loads itself. (The ESM build would be transformed and loaded a second time.)
		alias: [{ find: /^n8n-workflow$/, replacement: require.resolve('n8n-workflow') }],
	},
	test: {
		// n8n-core logs every node error it records; the tests assert on those errors themselves.
		onConsoleLog: (log) => !/^(NodeApiError|NodeOperationError)\b/.test(log),
		projects: [
			{ extends: true, test: { name: 'unit', sequence: { groupOrder: 0 }, include: ['test/unit/**/*.test.mts'] } },
			{ extends: true, test: { name: 'sandbox', sequence: { groupOrder: 0 }, include: ['test/sandbox/**/*.test.mts'] } },
			{ extends: true, test: { name: 'engine', sequence: { groupOrder: 0 }, include: ['test/engine/**/*.test.mts'], testTimeout: 60_000 } },
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['test/e2e/**/*.test.mts'],
					testTimeout: 600_000,
					hookTimeout: 1_200_000,
					// After the other projects, one file at a time: each file starts its own n8n.
					sequence: { groupOrder: 1 },
					poolOptions: { forks: { singleFork: true } },
				},
			},
		],
	},
});
