import type { IDataObject } from 'n8n-workflow';

/**
 * Validate Only: the item an operation returns instead of sending what spends money, once every
 * check of a real run has passed. `request` is what would have been sent to Plum (path and body);
 * `fields` are the item's own fields (poNumber, recipient ...), so the output reads like the real one.
 */
export function validateOnlyItem(fields: IDataObject, request: IDataObject): IDataObject {
	return { validateOnly: true, ...fields, request };
}
