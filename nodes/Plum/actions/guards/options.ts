import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readRewardOnceKey } from './rewardOnce';

/** The guards an item asks for in its `options` collection; each is off by default. */
export interface GuardOptions {
	validateOnly: boolean;
	/** '' = off */
	rewardOnceKey: string;
	/** 0 = off */
	maxTotalValue: number;
	/** 0 = off */
	minBalance: number;
	maskCodes: boolean;
}

function number(value: unknown): number {
	const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof parsed === 'number' && Number.isFinite(parsed) && parsed > 0 ? parsed : 0;
}

export function readGuardOptions(context: IExecuteFunctions, itemIndex: number): GuardOptions {
	const options = (context.getNodeParameter('options', itemIndex, {}) ?? {}) as IDataObject;
	return {
		validateOnly: options.validateOnly === true,
		rewardOnceKey: readRewardOnceKey(context, itemIndex, options.rewardOnceKey),
		maxTotalValue: number(options.maxTotalValue),
		minBalance: number(options.minBalance),
		maskCodes: options.maskCodes === true,
	};
}
