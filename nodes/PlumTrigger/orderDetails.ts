import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { plumDispatch } from '../Plum/transport';

export async function fetchOrderDetails(this: IWebhookFunctions, orderId: number): Promise<IDataObject> {
	const result = await plumDispatch.call(this, {
		query: 'plumProAPI.mutation.getOrderDetails',
		tag: 'plumProAPI',
		data: { orderId, poNumber: '', sendMailToReceiver: 0 },
		retryable: true,
	});
	return (result.data ?? {}) as IDataObject;
}
