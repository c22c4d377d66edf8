import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { getOrderDetails } from '../Plum/api';
import { plumWebhookApiKeyTest } from './credentialTest';
import {
	apiKeyMatches,
	claimCallback,
	claimedCallbacks,
	clientAddressAllowed,
	parsePlumCallback,
	rememberCallback,
} from './webhookChecks';

export class PlumTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Plum Trigger',
		name: 'plumTrigger',
		icon: { light: 'file:../../icons/plum.svg', dark: 'file:../../icons/plum.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Delivery status: " + $parameter["events"].join(", ")}}',
		// n8n's node search lists a node and its trigger as one entry ("Plum") and shows the trigger's
		// description for it, so this text describes the whole integration.
		description: 'Send gift cards and rewards with Xoxoday Plum; start a workflow when a gift card order is delivered or canceled',
		defaults: { name: 'Plum Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'plumWebhookApi',
				required: true,
				testedBy: 'plumWebhookApiKeyTest',
				displayOptions: { show: { authentication: ['headerKey'] } },
			},
			{
				name: 'plumOAuth2Api',
				required: true,
				displayOptions: { show: { fetchOrderDetails: [true] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{
				// n8n's notices keep only <a>, <ul> and <li>: the steps are list items numbered in their text.
				displayName: [
					'Plum cannot register webhooks by API. Set it up once:',
					'<ul>',
					'<li>1. Copy this node\'s Production URL: open Webhook URLs above and click Production URL (n8n shows the Test URL first; it only works while n8n listens for a test event).</li>',
					'<li>2. In the Plum dashboard open Settings → API → Configure Webhook and paste the URL.</li>',
					'<li>3. Switch on "Add Custom Header", name it x-api-key, enter a value of 13–60 letters and digits, and click Save Webhook.</li>',
					'<li>4. Put the same value in a Plum Webhook API credential (Credential for Plum Webhook API, below).</li>',
					'<li>5. Publish this workflow.</li>',
					'</ul>',
					'A second credential slot, Plum OAuth2 API, appears only when Fetch Order Details is on: it is used only to fetch the order, never to receive callbacks.',
				].join(''),
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{
						name: 'Header Key (X-API-Key)',
						value: 'headerKey',
						description: 'Accept only callbacks that carry the x-api-key set in Plum',
					},
					{
						name: 'None',
						value: 'none',
						description: 'Accept any caller. Only for setups that cannot add the header.',
					},
				],
				default: 'headerKey',
			},
			{
				displayName:
					'Without the header key anyone who learns this URL can start the workflow. Turn on the IP allow-list below (Plum sends from 52.76.120.90) if you cannot set the header.',
				name: 'noAuthWarning',
				type: 'notice',
				default: '',
				displayOptions: { show: { authentication: ['none'] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [
					{ name: 'Delivered', value: 'delivered', description: 'A pending order was delivered' },
					{ name: 'Canceled', value: 'canceled', description: 'A pending order was canceled' },
				],
				default: ['delivered', 'canceled'],
			},
			{
				displayName: 'Fetch Order Details',
				name: 'fetchOrderDetails',
				type: 'boolean',
				default: false,
				description:
					'Whether to add the full order (vouchers, codes, amounts) from Plum, so the next node can email the code. Needs a Plum OAuth2 credential.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Allowed IP Addresses',
						name: 'allowedIps',
						type: 'string',
						default: '',
						placeholder: '52.76.120.90',
						description:
							'Comma-separated addresses allowed to call this webhook (Plum sends from 52.76.120.90). Behind a proxy this only works when n8n trusts the proxy (N8N_PROXY_HOPS).',
					},
				],
			},
		],
	};

	methods = { credentialTest: { plumWebhookApiKeyTest } };

	// Plum has no API to register, list or remove webhooks: the user pastes the URL into the Plum
	// dashboard. These methods report that honestly instead of pretending to register anything.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await Promise.resolve(true);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await Promise.resolve(true);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await Promise.resolve(true);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const response = this.getResponseObject();
		const reject = (status: number, message: string): IWebhookResponseData => {
			response.status(status).json({ message });
			return { noWebhookResponse: true };
		};

		const allowedIps = this.getNodeParameter('options.allowedIps', '') as string;
		if (!clientAddressAllowed(request.ip, allowedIps)) {
			return reject(403, 'Forbidden: this address is not on the allow-list');
		}

		if (this.getNodeParameter('authentication', 'headerKey') === 'headerKey') {
			const { apiKey } = await this.getCredentials('plumWebhookApi');
			if (!apiKeyMatches(this.getHeaderData()['x-api-key'], String(apiKey ?? ''))) {
				return reject(401, 'Unauthorized: missing or wrong x-api-key header');
			}
		}

		const callback = parsePlumCallback(this.getBodyData());
		if (!callback) {
			return reject(400, 'Bad request: not a Plum order delivery-status callback');
		}

		// Statuses other than the selected events (including undocumented ones) are acknowledged and
		// ignored: an error answer would count as a failed delivery, and Plum switches the webhook off
		// after repeated failures.
		const events = this.getNodeParameter('events', []) as string[];
		if (!events.includes(callback.deliveryStatus)) {
			return { webhookResponse: { received: true, ignored: 'event not selected' } };
		}

		// Once per callback id: first within this n8n process (deliveries at the same moment), then
		// across restarts (the node's static data, stored with the workflow).
		const node = this.getNode();
		const trigger = `${this.getWorkflow().id ?? ''}|${node.id ?? node.name}`;
		const claimed = claimCallback(trigger, callback.webhookId);
		if (!claimed || !rememberCallback(this.getWorkflowStaticData('node'), callback.webhookId, claimedCallbacks(trigger))) {
			return { webhookResponse: { received: true, ignored: 'duplicate callback' } };
		}
		// Plum gets its 200 now, before the look-up below. Answering here (noWebhookResponse) also
		// makes n8n store the static data before the execution starts: n8n 2.x drops changes made in
		// webhook() when it answers after starting the execution.
		response.status(200).json({ received: true });

		const item: IDataObject = { ...callback };
		if (this.getNodeParameter('fetchOrderDetails', false) as boolean) {
			// A failed look-up must not fail the execution: the workflow runs with the callback and the
			// reason the details are missing. The look-up fails fast and never refreshes a token.
			try {
				const lookup = await getOrderDetails.call(this, { orderId: callback.orderId }, { fastFail: true });
				if (lookup.found) item.order = lookup.record;
				else item.orderDetailsError = `Plum has no order with the order ID ${callback.orderId}`;
			} catch (error) {
				item.orderDetailsError = (error as Error).message;
			}
		}
		return { noWebhookResponse: true, workflowData: [this.helpers.returnJsonArray(item)] };
	}
}
