/**
 * End to end in a real n8n (CLI): the example survey workflow (Manual Trigger → responses → Plum
 * order.create) run twice places each order exactly once, and voucher.getAll with Return All
 * returns the whole catalogue.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import axios from 'axios';
import { describe, expect, it } from 'vitest';

import { useN8nWithSandbox } from '../support/e2e.mts';
import { nodeOutput, REPO_ROOT, type WorkflowEntry } from '../support/n8n.mts';

const CREDENTIAL = { id: 'PlumSandboxCred1', name: 'Plum sandbox' };
const SURVEY_WORKFLOW_ID = 'PlumExSurvey0001';
const CATALOGUE_WORKFLOW_ID = 'PlumE2eCatalog01';

const e2e = useN8nWithSandbox({
	// The example workflow refers to the demo's credential id and name.
	credential: CREDENTIAL,
	sandboxConfig: { rateLimitsEnabled: true },
	workflows: async ({ plumWorkflow }) => [
		JSON.parse(
			await readFile(path.join(REPO_ROOT, 'examples/survey-gift-card.json'), 'utf8'),
		) as WorkflowEntry,
		plumWorkflow(CATALOGUE_WORKFLOW_ID, 'E2E: whole catalogue', {
			resource: 'voucher',
			operation: 'getAll',
			returnAll: true,
		}),
	],
});

describe('Plum orders and catalogue in a real n8n (CLI)', () => {
	it('the survey → gift card example places each order once, however often it runs', async () => {
		const first = await e2e.n8n.execute(SURVEY_WORKFLOW_ID);
		const placed = nodeOutput(first, 'Send gift card');
		expect(placed.map((order) => [order.poNumber, order.replayed])).toEqual([
			['survey-tf-1001', false],
			['survey-tf-1002', false],
		]);

		const second = await e2e.n8n.execute(SURVEY_WORKFLOW_ID);
		const replayed = nodeOutput(second, 'Send gift card');
		expect(replayed.map((order) => [order.poNumber, order.replayed])).toEqual([
			['survey-tf-1001', true],
			['survey-tf-1002', true],
		]);
		expect(replayed.map((order) => order.orderId)).toEqual(placed.map((order) => order.orderId));

		expect(await e2e.admin.orders('survey-tf-1001')).toHaveLength(1);
		expect(await e2e.admin.orders('survey-tf-1002')).toHaveLength(1);
	});

	it('voucher.getAll with Return All returns the whole catalogue', async () => {
		const run = await e2e.n8n.execute(CATALOGUE_WORKFLOW_ID);
		const products = nodeOutput(run, 'Plum');

		// Ask the sandbox for its whole catalogue in one page, with the token n8n stored.
		const { data } = (await e2e.n8n.credential(CREDENTIAL.id)) as unknown as { data: { accessToken: string } };
		const response = await axios.post(
			`${e2e.sandbox.baseUrl}/v1/oauth/api`,
			{ query: 'plumProAPI.mutation.getVouchers', tag: 'plumProAPI', variables: { data: { limit: 10000, page: 1 } } },
			{ headers: { Authorization: `Bearer ${data.accessToken}` } },
		);
		const catalogue = response.data.data.getVouchers.data as Array<{ productId: number }>;

		expect(products.length).toBe(catalogue.length);
		expect(new Set(products.map((product) => product.productId))).toEqual(new Set(catalogue.map((product) => product.productId)));
	});
});
