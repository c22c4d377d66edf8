import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { DateTime } from 'luxon';

import { readDate } from './dates';

/** A validation error that names the field, the value and what is allowed; nothing was sent to Plum. */
export function invalidInput(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
	allowed: string,
): NodeOperationError {
	const shown = value === undefined || value === '' ? '(empty)' : JSON.stringify(value);
	return new NodeOperationError(context.getNode(), `Invalid ${field}: ${shown}. ${allowed}`, {
		itemIndex,
		description: 'Nothing was sent to Plum. Correct the value and run the node again.',
	});
}

const EMAIL_PATTERN = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

export function isEmail(value: string): boolean {
	return EMAIL_PATTERN.test(value.trim());
}

export function requireEmail(context: IExecuteFunctions, itemIndex: number, field: string, value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!isEmail(text)) {
		throw invalidInput(context, itemIndex, field, value, 'Enter one email address such as name@example.com.');
	}
	return text;
}

export function requirePositiveNumber(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
	{ integer = false } = {},
): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0 || (integer && !Number.isInteger(number))) {
		throw invalidInput(context, itemIndex, field, value, `Enter a ${integer ? 'whole ' : ''}number greater than 0.`);
	}
	return number;
}

export function requireDate(context: IExecuteFunctions, itemIndex: number, field: string, value: unknown): DateTime {
	const date = readDate(value);
	if (!date) {
		throw invalidInput(context, itemIndex, field, value, 'Enter a date such as 2026-11-22.');
	}
	return date;
}

/** Reads startDate/endDate and checks their order. */
export function requireDateRange(context: IExecuteFunctions, itemIndex: number): { start: DateTime; end: DateTime } {
	const start = requireDate(context, itemIndex, 'Start Date', context.getNodeParameter('startDate', itemIndex));
	const end = requireDate(context, itemIndex, 'End Date', context.getNodeParameter('endDate', itemIndex));
	if (end.startOf('day') < start.startOf('day')) {
		throw invalidInput(
			context,
			itemIndex,
			'End Date',
			end.toISODate(),
			`It must not be before the Start Date (${start.toISODate()}).`,
		);
	}
	return { start, end };
}
