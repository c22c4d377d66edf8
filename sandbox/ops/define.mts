import type { TokenType } from '../config.mts';
import type { OpDefinition } from '../dispatcher.mts';

/** Declares the operations of one API family: `<namespace>.<query|mutation>.<op>` under one tag and token type. */
export function operationFamily(namespace: string, tag: string, tokenType: TokenType) {
	return (
		op: string,
		kind: 'query' | 'mutation',
		handler: OpDefinition['handler'],
		extra: Partial<Pick<OpDefinition, 'responseKey'>> = {},
	): OpDefinition => ({ query: `${namespace}.${kind}.${op}`, op, tag, tokenType, handler, ...extra });
}
