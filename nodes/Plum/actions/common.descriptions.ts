import type { INodeProperties } from 'n8n-workflow';

/** The product picker: search the catalogue, or enter an ID. */
export const productLocator: INodeProperties = {
	displayName: 'Product',
	name: 'productId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The gift card product',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Search the catalogue by name…',
			typeOptions: { searchListMethod: 'searchProducts', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 27218',
			validation: [{ type: 'regex', properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'A product ID is a number' } }],
		},
	],
};

export function returnAllAndLimit(show: Record<string, string[]>): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			displayOptions: { show },
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			displayOptions: { show: { ...show, returnAll: [false] } },
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
		},
	];
}

export function dateRange(show: Record<string, string[]>, what: string): INodeProperties[] {
	return [
		{
			displayName: 'Start Date',
			name: 'startDate',
			type: 'dateTime',
			required: true,
			displayOptions: { show },
			default: '',
			description: `First day of ${what} (Plum reads dates in IST)`,
		},
		{
			displayName: 'End Date',
			name: 'endDate',
			type: 'dateTime',
			required: true,
			displayOptions: { show },
			default: '',
			description: `Last day of ${what}`,
		},
	];
}

/** The guards in the `options` collection of the operations that spend money (order.create, points.send, link.generate). */
export const guardOptions = {
	maskCodes: {
		displayName: 'Mask Codes',
		name: 'maskCodes',
		type: 'boolean',
		default: false,
		description: 'Whether voucher codes and PINs in the output keep only their last 4 characters (the receiver still gets the full code from Plum by email)',
	},
	maxTotalValue: {
		displayName: 'Max Total Value',
		name: 'maxTotalValue',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Most a run may order in total (denomination × quantity over all items, before the first order); above it no order is placed and every item fails. 0 means no cap.',
	},
	minBalance: {
		displayName: 'Minimum Balance',
		name: 'minBalance',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Balance to keep in the Plum account: the balance is read once per run, and an order that would take it below this value is refused. 0 means no floor.',
	},
	rewardOnceKey: {
		displayName: 'Reward Once Key',
		name: 'rewardOnceKey',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.response_id }}',
		description:
			'At most one reward per key in this workflow, across executions and n8n workers (e.g. the respondent\'s email or the survey response ID). A repeat returns an item with skipped: true and sends nothing. Kept in n8n\'s database; empty means off.',
	},
	validateOnly: {
		displayName: 'Validate Only',
		name: 'validateOnly',
		type: 'boolean',
		default: false,
		description:
			'Whether to run every check (product, value, quantity, phone, token type, budget, reward once, PO number) and return the request that would be sent, without sending anything that spends money',
	},
} satisfies Record<string, INodeProperties>;
