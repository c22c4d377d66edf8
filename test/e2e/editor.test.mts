/**
 * The editor, as a user sees it: a real n8n in headless Chromium (Debian's package, driven by
 * playwright-core), the owner logged in, a workflow with the Plum node open on Gift Card Order →
 * Create. The Denomination list depends on the Product (`loadOptionsDependsOn: ['productId.value']`:
 * n8n's editor reads that path from the node's resolved parameters, so it sees the resource
 * locator's value, in whichever mode it was chosen) and must follow it when the product changes.
 *
 * Skips only when Chromium is missing and `apt-get install -y chromium` cannot install it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { chromium, selectors } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { useN8nWithSandbox } from '../support/e2e.mts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = process.env.PLUM_E2E_SCREENSHOTS; // a folder, e.g. /tmp, to look at the steps

/** Debian's Chromium, installed when missing; the reason when it cannot be. */
function ensureChromium(): string | undefined {
	if (existsSync(CHROMIUM)) return undefined;
	const install = spawnSync('apt-get', ['install', '-y', 'chromium'], { encoding: 'utf8', timeout: 600_000 });
	if (existsSync(CHROMIUM)) return undefined;
	return `Chromium is not installed and "apt-get install -y chromium" failed (${install.error?.message ?? `exit ${String(install.status)}: ${(install.stderr ?? '').trim().split('\n').at(-1) ?? ''}`})`;
}

const chromiumMissing = ensureChromium();
if (chromiumMissing) console.warn(`SKIPPED test/e2e/editor.test.mts: ${chromiumMissing}`);

const WORKFLOW_ID = 'plumEditor00001';
const PRODUCT_A = { name: 'Sandbox Realtime Fixed eGift Card', denominations: ['10 USD', '25 USD', '50 USD', '100 USD'] };
const PRODUCT_C = { name: 'Sandbox Delayed Delivery eGift Card', denominations: ['25 USD', '50 USD'] };
const PRODUCT_D = { name: 'Sandbox Mobile Top-up Voucher', denominations: ['100 INR', '500 INR', '1000 INR'] };
const PRODUCT_B = { name: 'Sandbox Limited Quantity eGift Card', denominations: ['20 USD', '40 USD'] };

describe.skipIf(chromiumMissing !== undefined)('the Plum node in the editor (headless Chromium)', () => {
	let plumNodeId = '';
	const e2e = useN8nWithSandbox({
		credential: { id: 'plumEditorCred1', name: 'Plum' },
		start: 'server',
		workflows: (fixture) => {
			const workflow = fixture.plumWorkflow(WORKFLOW_ID, 'Editor: denominations', {
				resource: 'order',
				operation: 'create',
				productId: { __rl: true, mode: 'list', value: '' },
				denomination: '',
				poNumber: 'editor-1',
			});
			plumNodeId = (workflow.nodes as Array<{ id: string; name: string }>).find((node) => node.name === 'Plum')!.id;
			return [workflow];
		},
	});

	let browser: Browser;
	let page: Page;

	beforeAll(async () => {
		selectors.setTestIdAttribute('data-test-id');
		browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		const login = await context.request.post(`${e2e.n8n.url}/rest/login`, {
			data: { emailOrLdapLoginId: e2e.owner!.email, password: e2e.owner!.password },
		});
		expect(login.status(), await login.text()).toBe(200);
		page = await context.newPage();
	});

	afterAll(async () => {
		await browser?.close();
	});

	async function screenshot(name: string): Promise<void> {
		if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/plum-editor-${name}.png` });
	}

	const denominationField = () => page.getByTestId('parameter-input-denomination');

	/** n8n marks a field whose value is missing or not among its options. */
	async function denominationHasIssues(): Promise<boolean> {
		return ((await denominationField().getAttribute('class')) ?? '').split(/\s+/).includes('has-issues');
	}

	async function chooseProduct(name: string): Promise<void> {
		const locator = page.getByTestId('resource-locator-productId');
		await locator.getByTestId('rlc-input').click();
		await page.getByTestId('rlc-item').filter({ hasText: name }).first().click();
		await expect.poll(async () => await page.getByTestId('rlc-item').filter({ visible: true }).count()).toBe(0);
		await expect.poll(async () => await locator.getByTestId('rlc-input').inputValue()).toContain(name);
	}

	/** The options of the open dropdown (closed dropdowns keep theirs in the page, hidden). */
	const visibleOptions = () => page.getByRole('option').filter({ visible: true });

	/** The options the Denomination dropdown offers once it opens (a click while it re-renders is retried). */
	async function openDenominations(): Promise<string[]> {
		for (let attempt = 1; ; attempt++) {
			await denominationField().click();
			try {
				await visibleOptions().first().waitFor({ state: 'visible', timeout: 3_000 });
				break;
			} catch (error) {
				if (attempt === 5) throw error;
			}
		}
		return (await visibleOptions().allInnerTexts()).map((text) => text.trim());
	}

	async function closeDropdown(): Promise<void> {
		await page.keyboard.press('Escape');
		await expect.poll(async () => await visibleOptions().count()).toBe(0);
	}

	it('the Denomination list follows the Product: choosing product B after A offers only B\'s values', async () => {
		await page.goto(`${e2e.n8n.url}/workflow/${WORKFLOW_ID}/${plumNodeId}`);
		await page.getByTestId('resource-locator-productId').waitFor({ state: 'visible', timeout: 60_000 });
		await screenshot('1-open');

		await chooseProduct(PRODUCT_A.name);
		expect(await openDenominations()).toEqual(PRODUCT_A.denominations);
		await screenshot('2-product-a');
		await visibleOptions().filter({ hasText: /^25 USD$/ }).click();
		await expect.poll(async () => await denominationField().locator('input').inputValue()).toBe('25 USD');
		await expect.poll(denominationHasIssues).toBe(false);

		await chooseProduct(PRODUCT_B.name);
		// The list reloads for B without reopening the panel (the dropdown may first show the old
		// list while B's loads; it must end on B's).
		await expect
			.poll(async () => {
				const offered = await openDenominations();
				await closeDropdown();
				return offered;
			}, { timeout: 30_000 })
			.toEqual(PRODUCT_B.denominations);
		// n8n keeps the old value but marks it: 25 is not one of B's denominations.
		await expect.poll(denominationHasIssues).toBe(true);
		await screenshot('3-product-b');

		const offeredAfterB = await openDenominations();
		expect(offeredAfterB).not.toContain('25 USD');
		await visibleOptions().filter({ hasText: /^40 USD$/ }).click();
		await expect.poll(async () => await denominationField().locator('input').inputValue()).toBe('40 USD');
		await expect.poll(denominationHasIssues).toBe(false);
		await screenshot('4-b-chosen');
	});

	it('with a slow Plum, a product changed while the list loads still gets its own list', async () => {
		// n8n's editor drops a change of the product that comes while the denomination list is still
		// loading. Plum's catalogue answers take seconds here; the node answers the list from the
		// search it already made, so the list ends on the product chosen last.
		await e2e.admin.addFault({ match: { op: 'getVouchers' }, times: 20, action: 'delay', delayMs: 8_000 });
		try {
			await chooseProduct(PRODUCT_C.name);
			await chooseProduct(PRODUCT_D.name);
			await expect
				.poll(async () => {
					const offered = await openDenominations();
					await closeDropdown();
					return offered;
				}, { timeout: 30_000 })
				.toEqual(PRODUCT_D.denominations);
			await screenshot('5-slow-plum-product-d');
		} finally {
			await e2e.admin.clearFaults();
		}
	});
});
