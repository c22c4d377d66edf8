/**
 * The node's versions. n8n does not store a parameter equal to its default, so a saved node without
 * a resource or operation runs whatever its version's default is: version 1 keeps Gift Card Order →
 * Create, version 1.1 (the default for new nodes and new Plum Tools) opens on a read.
 */
import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { Plum } from '../../../../nodes/Plum/Plum.node.ts';
import { runPlumNode } from '../../../support/engine.mts';
import { plumNode } from '../../../support/nodes.mts';
import { SEEDED_PRODUCT_IDS, useSandbox } from '../../../support/sandbox.mts';

/** What n8n saves for a Create node whose resource and operation were left at their v1 defaults. */
const savedWithoutResourceAndOperation = {
	productId: { __rl: true, mode: 'id', value: String(SEEDED_PRODUCT_IDS.realtimeFixed) },
	denomination: 25,
	poNumber: '={{ "survey-" + $json.responseId }}',
	email: '={{ $json.email }}',
};

const description = new Plum().description as INodeTypeDescription;

/** The parameters n8n resolves for a node of this version with these stored parameters. */
function resolved(typeVersion: number, parameters: object) {
	const node = plumNode({ typeVersion, parameters });
	return NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description);
}

describe('Plum node versions', () => {
	const sandbox = useSandbox();

	it('offers versions 1 and 1.1 and creates new nodes as 1.1', () => {
		expect(description.version).toEqual([1, 1.1]);
		expect(description.defaultVersion).toBe(1.1);
	});

	it('a version 1 node saved without resource and operation still places the order, as before', async () => {
		expect(resolved(1, {})).toMatchObject({ resource: 'order', operation: 'create' });

		const { items, error } = await runPlumNode(
			sandbox.helper,
			{ parameters: savedWithoutResourceAndOperation, typeVersion: 1 },
			[{ responseId: 'v1-a', email: 'ana@example.com' }],
		);

		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ poNumber: 'survey-v1-a', replayed: false });
		expect(await sandbox.admin.orders('survey-v1-a')).toHaveLength(1);
	});

	it('a version 1.1 node opens on a read (Gift Card Order → Get) and places nothing', async () => {
		expect(resolved(1.1, {})).toMatchObject({ resource: 'order', operation: 'get', lookupBy: 'poNumber' });
		const created = await runPlumNode(sandbox.helper, { parameters: savedWithoutResourceAndOperation, typeVersion: 1 }, [
			{ responseId: 'v11-a', email: 'li@example.com' },
		]);
		const placed = (await sandbox.admin.requests()).filter((request) => request.op === 'placeOrder').length;

		const { items, error } = await runPlumNode(
			sandbox.helper,
			{ parameters: savedWithoutResourceAndOperation, typeVersion: 1.1 },
			[{ responseId: 'v11-a', email: 'li@example.com' }],
		);

		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		// The existing order, found by the PO number the node holds.
		expect(items[0].json).toMatchObject({ orderId: created.items[0].json.orderId, deliveryStatus: 'delivered' });
		expect((await sandbox.admin.requests()).filter((request) => request.op === 'placeOrder')).toHaveLength(placed);
		expect(await sandbox.admin.orders('survey-v11-a')).toHaveLength(1);
	});

	it('a version 1.1 node keeps an operation that was chosen', async () => {
		const { items, error } = await runPlumNode(
			sandbox.helper,
			{ parameters: { ...savedWithoutResourceAndOperation, resource: 'order', operation: 'create' }, typeVersion: 1.1 },
			[{ responseId: 'v11-b', email: 'li@example.com' }],
		);

		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ poNumber: 'survey-v11-b', replayed: false });
		expect(await sandbox.admin.orders('survey-v11-b')).toHaveLength(1);
	});

	it('as a tool, tells the agent that ordering needs a stable PO number from the conversation', () => {
		const usable = description.usableAsTool;
		const toolDescription = typeof usable === 'object' ? usable.replacements?.description : undefined;
		expect(toolDescription).toMatch(/PO number/);
		expect(toolDescription).toMatch(/conversation/);
		expect(toolDescription).toMatch(/never invent/);
	});
});
