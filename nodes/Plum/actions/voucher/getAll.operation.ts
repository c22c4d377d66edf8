import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getVouchers } from '../../api';
import { collectPages, wantedCount } from '../../helpers/pagination';
import { invalidInput } from '../../helpers/validation';
import { returnAllAndLimit } from '../common.descriptions';
import type { OperationResult } from '../types';

const show = { resource: ['voucher'], operation: ['getAll'] };

const properties: INodeProperties[] = [
	...returnAllAndLimit(show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Country Name or ID',
				name: 'country',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getCountries' },
				default: '',
				description: 'Only products usable in this country. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Currency Name or ID',
				name: 'currencyCode',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getCurrencies' },
				default: '',
				description: 'Only products in this currency; needed for Min Price and Max Price. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Delivery Type',
				name: 'deliveryType',
				type: 'options',
				options: [
					{ name: 'Realtime', value: 'realtime', description: 'Codes come back with the order' },
					{ name: 'Delayed', value: 'delayed', description: 'Orders stay pending for days; use the Plum Trigger' },
				],
				default: 'realtime',
			},
			{
				displayName: 'Max Price',
				name: 'maxPrice',
				type: 'number',
				default: 0,
				description: 'Highest price, in the chosen currency',
			},
			{
				displayName: 'Min Price',
				name: 'minPrice',
				type: 'number',
				default: 0,
				description: 'Lowest price, in the chosen currency',
			},
			{
				displayName: 'Product Name',
				name: 'productName',
				type: 'string',
				default: '',
				description: 'Products whose name contains this text',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Exclude Product IDs',
				name: 'excludeProducts',
				type: 'string',
				default: '',
				placeholder: '27218, 27219',
				description: 'Comma-separated product IDs to leave out',
			},
			{
				displayName: 'Include Only Product IDs',
				name: 'includeProducts',
				type: 'string',
				default: '',
				placeholder: '27218, 27219',
				description: 'Comma-separated product IDs to return',
			},
			{
				displayName: 'Sort By',
				name: 'sortField',
				type: 'options',
				options: [
					{ name: 'Name', value: 'name' },
					{ name: 'Product ID', value: 'productId' },
					{ name: 'Last Updated', value: 'lastUpdateDate' },
				],
				default: 'name',
			},
			{
				displayName: 'Sort Order',
				name: 'sortOrder',
				type: 'options',
				options: [
					{ name: 'Ascending', value: 'ASC' },
					{ name: 'Descending', value: 'DESC' },
				],
				default: 'ASC',
			},
		],
	},
];

export const description = updateDisplayOptions({ show }, properties);

function idList(context: IExecuteFunctions, itemIndex: number, field: string, value: unknown): string {
	const text = String(value ?? '').trim();
	if (text === '') return '';
	const ids = text.split(',').map((part) => part.trim()).filter(Boolean);
	if (ids.some((id) => !/^\d+$/.test(id))) {
		throw invalidInput(context, itemIndex, field, text, 'Enter product IDs separated by commas, e.g. 27218, 27219.');
	}
	return ids.join(',');
}

function catalogueFilters(context: IExecuteFunctions, itemIndex: number): Array<{ key: string; value: string | number }> {
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const list: Array<{ key: string; value: string | number }> = [];
	for (const key of ['country', 'currencyCode', 'productName', 'deliveryType'] as const) {
		const value = String(filters[key] ?? '').trim();
		if (value !== '') list.push({ key, value });
	}
	for (const key of ['minPrice', 'maxPrice'] as const) {
		const value = filters[key];
		if (value === undefined || value === '' || value === 0) continue;
		if (!filters.currencyCode) {
			throw invalidInput(context, itemIndex, key === 'minPrice' ? 'Min Price' : 'Max Price', value, 'Plum applies price filters only together with a currency: add the Currency filter.');
		}
		list.push({ key, value: Number(value) });
	}
	if (filters.minPrice && filters.maxPrice && Number(filters.maxPrice) < Number(filters.minPrice)) {
		throw invalidInput(context, itemIndex, 'Max Price', filters.maxPrice, `It must not be below Min Price (${String(filters.minPrice)}).`);
	}
	return list;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const filters = catalogueFilters(this, itemIndex);
	const includeProducts = idList(this, itemIndex, 'Include Only Product IDs', options.includeProducts);
	const excludeProducts = idList(this, itemIndex, 'Exclude Product IDs', options.excludeProducts);
	const sort = options.sortField ? { field: String(options.sortField), order: (options.sortOrder === 'DESC' ? 'DESC' : 'ASC') as 'ASC' | 'DESC' } : undefined;
	return await collectPages(
		async (page, limit) => await getVouchers.call(this, { page, limit, filters, includeProducts, excludeProducts, sort }, { itemIndex }),
		wantedCount(this, itemIndex),
	);
}
