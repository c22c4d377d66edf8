import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		// n8n-core logs every node error it records; the tests assert on those errors themselves.
		onConsoleLog: (log) => !/^(NodeApiError|NodeOperationError)\b/.test(log),
		projects: [
			{ extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.mts'] } },
			{ extends: true, test: { name: 'sandbox', include: ['test/sandbox/**/*.test.mts'] } },
			{ extends: true, test: { name: 'engine', include: ['test/engine/**/*.test.mts'], testTimeout: 60_000 } },
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['test/e2e/**/*.test.mts'],
					testTimeout: 600_000,
					hookTimeout: 1_200_000,
					fileParallelism: false,
				},
			},
		],
	},
});
