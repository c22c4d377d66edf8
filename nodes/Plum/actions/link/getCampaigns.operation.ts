import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getCampaigns } from '../../api';
import { collectPages, wantedCount } from '../../helpers/pagination';
import { returnAllAndLimit } from '../common.descriptions';
import type { OperationResult } from '../types';

const show = { resource: ['link'], operation: ['getCampaigns'] };

export const description = updateDisplayOptions({ show }, [
	...returnAllAndLimit(show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Campaigns whose name contains this text' },
			{ displayName: 'Enabled Only', name: 'enabled', type: 'boolean', default: true, description: 'Whether to list only enabled campaigns' },
		],
	},
] as INodeProperties[]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as { name?: string; enabled?: boolean };
	return await collectPages(
		async (page, limit) => await getCampaigns.call(this, { limit, offset: (page - 1) * limit, name: filters.name, enabled: filters.enabled }, { itemIndex }),
		wantedCount(this, itemIndex),
	);
}
