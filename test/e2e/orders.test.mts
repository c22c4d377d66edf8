/**
 * End to end in a real n8n (CLI): the example survey workflow (Manual Trigger → responses → Plum
 * order.create) run twice places each order exactly once, and voucher.getAll with Return All
 * returns the whole catalogue.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import axios from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { plumCredentialData, SandboxAdmin, type ResetResult } from '../../sandbox/client.mts';
import { startSandbox, type SandboxHandle } from '../../sandbox/server.mts';
import {
	createN8nWithPackage,
	manualPlumWorkflow,
	nodeOutput,
	REPO_ROOT,
	type N8nInstance,
	type WorkflowEntry,
} from '../support/n8n.mts';

const CREDENTIAL_ID = 'PlumSandboxCred1';
const CREDENTIAL_NAME = 'Plum sandbox';
const SURVEY_WORKFLOW_ID = 'PlumExSurvey0001';
const CATALOGUE_WORKFLOW_ID = 'PlumE2eCatalog01';

let sandbox: SandboxHandle;
let admin: SandboxAdmin;
let seeded: ResetResult;
let n8n: N8nInstance;

beforeAll(async () => {
	n8n = await createN8nWithPackage();

	sandbox = await startSandbox({ port: 0 });
	admin = new SandboxAdmin(sandbox.url);
	seeded = await admin.reset({ rateLimitsEnabled: true });

	await n8n.importCredentials([
		{
			id: CREDENTIAL_ID,
			name: CREDENTIAL_NAME,
			type: 'plumOAuth2Api',
			data: plumCredentialData(sandbox.baseUrl, seeded.user),
		},
	]);
	const survey = JSON.parse(await readFile(path.join(REPO_ROOT, 'examples/survey-gift-card.json'), 'utf8')) as WorkflowEntry;
	await n8n.importWorkflows([
		survey,
		manualPlumWorkflow(CATALOGUE_WORKFLOW_ID, 'E2E: whole catalogue', {
			credentialId: CREDENTIAL_ID,
			credentialName: CREDENTIAL_NAME,
			parameters: { resource: 'voucher', operation: 'getAll', returnAll: true },
		}),
	]);
});

afterAll(async () => {
	await n8n?.dispose({ removeFolder: true });
	await sandbox?.close();
});

describe('Plum orders and catalogue in a real n8n (CLI)', () => {
	it('the survey → gift card example places each order once, however often it runs', async () => {
		const first = await n8n.execute(SURVEY_WORKFLOW_ID);
		const placed = nodeOutput(first, 'Send gift card');
		expect(placed.map((order) => [order.poNumber, order.replayed])).toEqual([
			['survey-tf-1001', false],
			['survey-tf-1002', false],
		]);

		const second = await n8n.execute(SURVEY_WORKFLOW_ID);
		const replayed = nodeOutput(second, 'Send gift card');
		expect(replayed.map((order) => [order.poNumber, order.replayed])).toEqual([
			['survey-tf-1001', true],
			['survey-tf-1002', true],
		]);
		expect(replayed.map((order) => order.orderId)).toEqual(placed.map((order) => order.orderId));

		expect(await admin.orders('survey-tf-1001')).toHaveLength(1);
		expect(await admin.orders('survey-tf-1002')).toHaveLength(1);
	});

	it('voucher.getAll with Return All returns the whole catalogue', async () => {
		const run = await n8n.execute(CATALOGUE_WORKFLOW_ID);
		const products = nodeOutput(run, 'Plum');

		// Ask the sandbox for its whole catalogue in one page, with the token n8n stored.
		const { data } = (await n8n.credential(CREDENTIAL_ID)) as unknown as { data: { accessToken: string } };
		const response = await axios.post(
			`${sandbox.baseUrl}/v1/oauth/api`,
			{ query: 'plumProAPI.mutation.getVouchers', tag: 'plumProAPI', variables: { data: { limit: 10000, page: 1 } } },
			{ headers: { Authorization: `Bearer ${data.accessToken}` } },
		);
		const catalogue = response.data.data.getVouchers.data as Array<{ productId: number }>;

		expect(products.length).toBe(catalogue.length);
		expect(new Set(products.map((product) => product.productId))).toEqual(new Set(catalogue.map((product) => product.productId)));
	});
});
