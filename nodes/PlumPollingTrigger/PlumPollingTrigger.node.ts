import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import type { PlumOrder } from '../Plum/api';
import { getOrderDetails, getOrderHistory } from '../Plum/api';
import { collectPages } from '../Plum/helpers/pagination';
import type { WatchMemory } from './orderWatch';
import { DEFAULT_LOOKBACK_DAYS, MAX_LOOKBACK_DAYS, decide, historyWindow, latestMatching, orderItem, statusOf } from './orderWatch';

export class PlumPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Plum Polling Trigger',
		name: 'plumPollingTrigger',
		icon: { light: 'file:../../icons/plum.svg', dark: 'file:../../icons/plum.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Delivery status: " + $parameter["events"].join(", ")}}',
		description: 'Starts the workflow when a gift card order is delivered or canceled, by checking Plum\'s order history on a schedule',
		defaults: { name: 'Plum Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'plumOAuth2Api', required: true }],
		properties: [
			{
				displayName:
					'Choose this trigger when Plum\'s webhooks cannot reach your n8n (self-hosted behind a firewall or on a laptop), or as a fallback: Plum switches a webhook off after three failed deliveries. It needs nothing set up in Plum. The Plum Trigger (webhook) reports a change within seconds; this one at the next poll. The first poll after publishing only takes note of what is there: it starts the workflow for orders that reach the chosen status from then on, each order and status once.',
				name: 'whenNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [
					{ name: 'Delivered', value: 'delivered', description: 'An order was delivered (also a real-time order at once)' },
					{ name: 'Canceled', value: 'canceled', description: 'An order was canceled' },
				],
				default: ['delivered', 'canceled'],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Look-Back (Days)',
						name: 'lookbackDays',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: MAX_LOOKBACK_DAYS, numberPrecision: 0 },
						default: DEFAULT_LOOKBACK_DAYS,
						description:
							'How far back, by order date, each poll reads the order history. A delayed gift card can be delivered days after it was ordered (Plum: 3–10 working days); an order delivered or canceled later than this after it was placed is missed. Each poll reads every order of this period, 100 per call.',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const events = this.getNodeParameter('events', []) as string[];
		const { lookbackDays } = this.getNodeParameter('options', {}) as { lookbackDays?: number };
		const days = Math.min(Math.max(Math.trunc(lookbackDays ?? DEFAULT_LOOKBACK_DAYS), 1), MAX_LOOKBACK_DAYS);
		const now = Date.now();
		const window = historyWindow(now, days);
		const orders = await collectPages<PlumOrder>(
			async (page, limit) => await getOrderHistory.call(this, { startDate: window.startDate, endDate: window.endDate, page, limit }),
			Infinity,
		);

		if (this.getMode() === 'manual') {
			const sample = latestMatching(orders, events);
			if (!sample) {
				throw new NodeOperationError(this.getNode(), `No ${events.join(' or ')} order placed in the last ${days} days`, {
					description: 'The test shows the most recent matching order as a sample. Place and complete an order in Plum, or raise Options → Look-Back (Days).',
				});
			}
			return [this.helpers.returnJsonArray([await withDetails(this, sample)])];
		}

		const staticData = this.getWorkflowStaticData('node') as WatchMemory;
		const decision = decide(staticData, orders, events, now, window.startsAt);
		// Whole values assigned at the top level, so n8n sees the change and stores it with the execution.
		staticData.watchingSince = decision.memory.watchingSince;
		staticData.seenOrders = decision.memory.seenOrders;
		if (decision.emit.length === 0) return null;

		const items = [];
		for (const order of decision.emit) items.push(await withDetails(this, order));
		return [this.helpers.returnJsonArray(items)];
	}
}

/**
 * A delivered order gets its vouchers (codes, amounts) from getOrderDetails, as the webhook trigger's
 * Fetch Order Details does; the history does not carry them. A failed look-up does not lose the
 * event: the item carries the history's order and the reason.
 */
async function withDetails(context: IPollFunctions, order: PlumOrder) {
	if (statusOf(order) !== 'delivered') return orderItem(order);
	try {
		const lookup = await getOrderDetails.call(context, { orderId: order.orderId });
		return lookup.found ? orderItem(order, { record: lookup.record }) : orderItem(order, { error: `Plum has no order with the order ID ${order.orderId}` });
	} catch (error) {
		return orderItem(order, { error: (error as Error).message });
	}
}
