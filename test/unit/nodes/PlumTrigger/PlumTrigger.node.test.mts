/**
 * What the editor shows for the trigger: n8n's node search lists Plum and Plum Trigger as one entry
 * and shows the trigger's description for it; the setup notice is numbered steps.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { Plum } from '../../../../nodes/Plum/Plum.node.ts';
import { PlumTrigger } from '../../../../nodes/PlumTrigger/PlumTrigger.node.ts';

const trigger = new PlumTrigger().description;
const action = new Plum().description;

function codex(path: string): { node: string; alias?: string[] } {
	return JSON.parse(readFileSync(new URL(`../../../../nodes/${path}`, import.meta.url), 'utf8')) as { node: string; alias?: string[] };
}

describe('Plum Trigger description', () => {
	it('describes the whole integration, since n8n shows it for the merged "Plum" search entry', () => {
		expect(trigger.description).not.toMatch(/^Starts the workflow/);
		expect(trigger.description).toMatch(/gift card/i);
		expect(action.description).not.toBe(trigger.description);
		expect(action.description).toMatch(/^Send gift cards/);
	});

	it('each node has its own codex, both found by "gift card" and "reward"', () => {
		const plum = codex('Plum/Plum.node.json');
		const plumTrigger = codex('PlumTrigger/PlumTrigger.node.json');
		expect(plum.node).toBe('n8n-nodes-xoxoday-plum.plum');
		expect(plumTrigger.node).toBe('n8n-nodes-xoxoday-plum.plumTrigger');
		for (const entry of [plum, plumTrigger]) expect(entry.alias).toEqual(expect.arrayContaining(['gift card', 'reward']));
	});

	it('the setup notice is numbered steps, the Production URL first, and explains the two credential slots', () => {
		const notice = trigger.properties.find((property) => property.name === 'setupNotice')!;
		const steps = [...notice.displayName.matchAll(/<li>(\d+)\. ([^<]*)<\/li>/g)];
		expect(steps.map((step) => Number(step[1]))).toEqual([1, 2, 3, 4, 5]);
		expect(steps[0][2]).toMatch(/Production URL/);
		expect(steps.at(-1)![2]).toMatch(/Publish/);
		// n8n's notice keeps only <a>, <ul> and <li>.
		expect(notice.displayName.replace(/<\/?(ul|li)>/g, '')).not.toMatch(/<[a-z/]/i);
		expect(notice.displayName).toMatch(/Plum OAuth2 API[^.]*only when Fetch Order Details is on/);
		const oauth = trigger.credentials!.find((credential) => credential.name === 'plumOAuth2Api')!;
		expect(oauth.displayOptions).toEqual({ show: { fetchOrderDetails: [true] } });
	});
});
