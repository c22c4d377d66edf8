/**
 * End to end in a real n8n (CLI): the example survey workflow (Manual Trigger → responses → Plum
 * order.create) run twice places each order exactly once; the reward-once example orders nothing
 * in its dry run and rewards each respondent once when switched to sending; voucher.getAll with
 * Return All returns the whole catalogue.
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
const ONCE_DRY_RUN_ID = 'PlumExSurveyOnce';
/** The same example with its Settings node switched to sending (validateOnly false). */
const ONCE_SENDING_ID = 'PlumExSurveyOnc2';

async function example(file: string): Promise<WorkflowEntry> {
	return JSON.parse(await readFile(path.join(REPO_ROOT, 'examples', file), 'utf8')) as WorkflowEntry;
}

/** The reward-once example with its Settings node's validateOnly set to `validateOnly`, under `id`. */
async function rewardOnceExample(id: string, validateOnly: boolean): Promise<WorkflowEntry> {
	const workflow = await example('survey-reward-once.json');
	const settings = (workflow.nodes as Array<{ name: string; parameters: { assignments: { assignments: Array<{ name: string; value: unknown }> } } }>)
		.find((node) => node.name === 'Settings')!;
	const assignment = settings.parameters.assignments.assignments.find((entry) => entry.name === 'validateOnly')!;
	expect(assignment.value).toBe(true);
	assignment.value = validateOnly;
	return { ...workflow, id, name: `${workflow.name} [${validateOnly ? 'dry run' : 'sending'}]` };
}

const e2e = useN8nWithSandbox({
	// The example workflow refers to the demo's credential id and name.
	credential: CREDENTIAL,
	sandboxConfig: { rateLimitsEnabled: true },
	workflows: async ({ plumWorkflow }) => [
		await example('survey-gift-card.json'),
		await rewardOnceExample(ONCE_DRY_RUN_ID, true),
		await rewardOnceExample(ONCE_SENDING_ID, false),
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

	it('the reward-once example: its dry run orders nothing; switched to sending, it rewards each respondent once, however often it runs', async () => {
		const dryRun = nodeOutput(await e2e.n8n.execute(ONCE_DRY_RUN_ID), 'Send gift card once');
		// The dry run shows what a real run would do: Ana's second response is skipped there too.
		expect(dryRun).toHaveLength(3);
		for (const item of dryRun.slice(0, 2)) expect(item).toMatchObject({ validateOnly: true, request: expect.any(Object) });
		expect(dryRun[2]).toEqual({ skipped: true, skipReason: 'alreadyRewarded', rewardOnceKey: 'ana@example.com' });
		for (const id of ['tf-2001', 'tf-2002', 'tf-2003']) expect(await e2e.admin.orders(`survey-${id}`)).toHaveLength(0);

		const first = nodeOutput(await e2e.n8n.execute(ONCE_SENDING_ID), 'Send gift card once');
		expect(first.map((item) => item.poNumber ?? item.skipReason)).toEqual(['survey-tf-2001', 'survey-tf-2002', 'alreadyRewarded']);
		expect(first[2]).toEqual({ skipped: true, skipReason: 'alreadyRewarded', rewardOnceKey: 'ana@example.com' });

		const second = nodeOutput(await e2e.n8n.execute(ONCE_SENDING_ID), 'Send gift card once');
		expect(second.map((item) => [item.skipReason, item.rewardOnceKey])).toEqual([
			['alreadyRewarded', 'ana@example.com'],
			['alreadyRewarded', 'li@example.com'],
			['alreadyRewarded', 'ana@example.com'],
		]);
		expect(await e2e.admin.orders('survey-tf-2001')).toHaveLength(1);
		expect(await e2e.admin.orders('survey-tf-2002')).toHaveLength(1);
		expect(await e2e.admin.orders('survey-tf-2003')).toHaveLength(0);
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
