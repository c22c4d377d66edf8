/**
 * What a user would build without this package: n8n's own HTTP Request node (from the pinned n8n
 * install) with a Header Auth credential holding a bearer token, one placeOrder per item, Continue
 * On Fail on, run in the same engine as the Plum node.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';

import type { ICredentialType, IDataObject, INodeType } from 'n8n-workflow';

import { ensureToolchain } from '../test/support/n8n.mts';
import { CredentialStore, registerNodeType, runNode, StoreCredentialsHelper } from '../test/support/engine.mts';
import { testNode } from '../test/support/nodes.mts';

const HTTP_REQUEST_TYPE = 'n8n-nodes-base.httpRequest';
let registered = false;

async function register() {
	if (registered) return;
	// The pinned n8n's bin is <install>/node_modules/.bin/n8n.
	const { n8nBin } = await ensureToolchain();
	const base = path.resolve(path.dirname(n8nBin), '../n8n-nodes-base');
	const load = createRequire(path.join(base, 'package.json'));
	const { HttpRequest } = load(path.join(base, 'dist/nodes/HttpRequest/HttpRequest.node.js')) as { HttpRequest: new () => INodeType };
	const { HttpHeaderAuth } = load(path.join(base, 'dist/credentials/HttpHeaderAuth.credentials.js')) as { HttpHeaderAuth: new () => ICredentialType };
	registerNodeType(HTTP_REQUEST_TYPE, new HttpRequest(), [new HttpHeaderAuth()]);
	registered = true;
}

/** Places one order per item through the HTTP Request node; returns how many items failed. */
export async function httpRequestOrders(
	baseUrl: string,
	accessToken: string,
	items: Array<{ po: string }>,
	orderRequest: (poNumber: string) => IDataObject,
	batch?: { batchSize: number; batchInterval: number },
): Promise<number> {
	await register();
	const store = new CredentialStore();
	store.set('httpHeaderAuth', { name: 'Authorization', value: `Bearer ${accessToken}` });
	const helper = new StoreCredentialsHelper(store);
	// The body as a user writes it in the JSON field: the PO number from the item by expression.
	// (Indented, so that no "}}" of the JSON ends the expression early.)
	const body = JSON.stringify({ query: 'plumProAPI.mutation.placeOrder', tag: 'plumProAPI', variables: { data: orderRequest('__PO__') } }, null, 1).replace('"__PO__"', '"{{ $json.po }}"');
	const node = testNode({
		name: 'HTTP Request',
		type: HTTP_REQUEST_TYPE,
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url: `${baseUrl}/v1/oauth/api`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `=${body}`,
			options: batch ? { batching: { batch } } : {},
		},
		credentials: { httpHeaderAuth: { id: '3', name: 'Plum bearer token' } },
		settings: { onError: 'continueRegularOutput' },
	});
	const { items: output, error } = await runNode(helper, node, items);
	if (error) throw error;
	if (process.env.BENCH_DEBUG) console.log(JSON.stringify(output.slice(0, 2)));
	return output.filter((item) => item.json.error !== undefined || JSON.stringify(item.json).includes('"errors"')).length;
}
