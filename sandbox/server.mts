/**
 * The Plum Rewards API sandbox: a fastify server on 127.0.0.1 that imitates Plum under /chef and
 * offers test controls under /__admin. startSandbox is the only entry point tests and the CLI use.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import {
	defaultConfig,
	mergeConfig,
	type ConfigOverrides,
	type SandboxConfig,
	type TokenType,
} from './config.mts';
import {
	createContext,
	disposeContext,
	type RecordedRequest,
	type ResetResult,
	type SandboxContext,
} from './state.mts';
import { dispatch, operationName, responseKeyFor } from './dispatcher.mts';
import { runWithFault, type FaultSpec, type Outcome } from './faults.mts';
import { SandboxHttpError, errorToOutcome } from './errors.mts';
import { formatIstDateTime } from './clock.mts';
import { cancelOrder, completeDueOrders, completeOrder, findOrder } from './ops/orderLifecycle.mts';
import type { SendOnceRequest } from './webhooks.mts';

export type { SandboxConfig, ConfigOverrides } from './config.mts';
export type { ResetResult } from './state.mts';

export interface SandboxHandle {
	/** http://127.0.0.1:PORT */
	url: string;
	/** url + '/chef', the base URL a Plum client is configured with. */
	baseUrl: string;
	close(): Promise<void>;
}

export interface StartSandboxOptions {
	/** 0 = a random free port. */
	port?: number;
	config?: ConfigOverrides | Partial<SandboxConfig>;
	/** Called with one line per request (the CLI passes console.log when SANDBOX_LOG=1). */
	log?: (line: string) => void;
}

/** A body fastify could not hand over as JSON (form-encoded, text, malformed JSON); kept raw for the log. */
class UnparsedBody {
	constructor(
		readonly contentType: string,
		readonly raw: string,
		readonly reason: string,
	) {}
}

function jsonBodyOf(body: unknown): unknown {
	return body instanceof UnparsedBody ? undefined : body;
}

function pathOf(request: FastifyRequest): string {
	return request.url.split('?')[0];
}

export async function startSandbox(options: StartSandboxOptions = {}): Promise<SandboxHandle> {
	const startupConfig = mergeConfig(defaultConfig(), options.config as ConfigOverrides | undefined);
	let ctx: SandboxContext = createContext(startupConfig);
	const log = options.log;
	const opOfRequest = new WeakMap<FastifyRequest, string | null>();

	const app: FastifyInstance = Fastify({
		logger: false,
		bodyLimit: 5 * 1024 * 1024,
		forceCloseConnections: true,
	});
	installBodyParsers(app);

	app.setErrorHandler((error: unknown, _request, reply) => {
		if (error instanceof SandboxHttpError) return reply.code(error.httpStatus).send(error.body);
		const status = (error as { statusCode?: number }).statusCode;
		if (status && status >= 400 && status < 500) {
			return reply.code(status).send({ code: status, error: (error as Error).message });
		}
		const outcome = errorToOutcome(error);
		return reply.code(outcome.status).send(outcome.body);
	});

	app.setNotFoundHandler((request, reply) => {
		if (!pathOf(request).startsWith('/__admin')) recordRequest(ctx, request, null).status = 404;
		return reply.code(404).send({ code: 404, error: 'Not Found' });
	});

	if (log) {
		app.addHook('onResponse', async (request, reply) => {
			const op = opOfRequest.get(request);
			log(
				`${formatIstDateTime(ctx.clock.now())} ${request.method} ${pathOf(request)}${op ? ` [${op}]` : ''} -> ${reply.statusCode} ${Math.round(reply.elapsedTime)}ms`,
			);
		});
	}

	/** The poNumber a dispatcher call carries (placeOrder, getOrderDetails), for faults aimed at one order. */
	function poNumberOf(body: unknown): string | undefined {
		const data = (body as { variables?: { data?: { poNumber?: unknown } } } | undefined)?.variables?.data;
		return typeof data?.poNumber === 'string' && data.poNumber !== '' ? data.poNumber : undefined;
	}

	/** Records the call, applies a queued fault, runs the work and answers (or drops the socket). */
	async function plumCall(
		request: FastifyRequest,
		reply: FastifyReply,
		op: string | null,
		responseKey: string,
		work: (context: SandboxContext) => Promise<Outcome>,
	): Promise<FastifyReply> {
		const context = ctx;
		opOfRequest.set(request, op);
		const record = recordRequest(context, request, op);
		const poNumber = poNumberOf(request.body);
		const fault = context.faults.take(op, pathOf(request), poNumber);
		record.fault = fault?.action ?? null;
		const started = performance.now();
		const answered = op === 'placeOrder' && poNumber !== undefined ? orderInFlight(context, poNumber) : () => {};
		await runWithFault(fault, responseKey, () => work(context), {
			send: (outcome) => {
				answered();
				record.status = outcome.status;
				record.durationMs = Math.round(performance.now() - started);
				reply.code(outcome.status).type('application/json; charset=utf-8').send(outcome.body);
			},
			drop: () => {
				answered();
				record.dropped = true;
				record.durationMs = Math.round(performance.now() - started);
				log?.(
					`${formatIstDateTime(context.clock.now())} ${request.method} ${pathOf(request)}${op ? ` [${op}]` : ''} -> dropped (fault)`,
				);
				reply.hijack();
				request.raw.socket.destroy();
			},
		});
		return reply;
	}

	/** Counts a placeOrder call as in flight until it is answered (or dropped). */
	function orderInFlight(context: SandboxContext, poNumber: string): () => void {
		const inFlight = context.state.ordersInFlight;
		inFlight.now[poNumber] = (inFlight.now[poNumber] ?? 0) + 1;
		inFlight.peakPerPoNumber[poNumber] = Math.max(inFlight.peakPerPoNumber[poNumber] ?? 0, inFlight.now[poNumber]);
		inFlight.peak = Math.max(inFlight.peak, Object.values(inFlight.now).reduce((sum, count) => sum + count, 0));
		let done = false;
		return () => {
			if (done) return;
			done = true;
			inFlight.now[poNumber] -= 1;
			if (inFlight.now[poNumber] === 0) delete inFlight.now[poNumber];
		};
	}

	const sync = (fn: () => unknown) => async (): Promise<Outcome> => {
		try {
			return { status: 200, body: fn() };
		} catch (error) {
			return errorToOutcome(error);
		}
	};

	// ------------------------------------------------------------ Plum routes

	app.post<{ Params: { type: string } }>('/chef/v1/oauth/token/:type', async (request, reply) => {
		const type = request.params.type;
		if (type !== 'user' && type !== 'company') {
			recordRequest(ctx, request, null).status = 404;
			return reply.code(404).send({ code: 404, error: 'Not Found' });
		}
		return plumCall(request, reply, 'refresh', 'refresh', (context) =>
			sync(() =>
				context.tokens.refresh(type, request.headers['content-type'], jsonBodyOf(request.body)),
			)(),
		);
	});

	app.get('/chef/v1/oauth/token', async (request, reply) =>
		plumCall(request, reply, 'validate', 'validate', (context) =>
			sync(() => context.tokens.validate(request.headers.authorization))(),
		),
	);

	const apiHandler = async (request: FastifyRequest, reply: FastifyReply) => {
		const body = jsonBodyOf(request.body);
		return plumCall(request, reply, operationName(body), responseKeyFor(ctx, body), (context) =>
			dispatch(context, request.headers.authorization, body),
		);
	};
	app.post('/chef/v1/oauth/api', apiHandler);
	app.post('/chef/v1/oauth/api/*', apiHandler);

	// ------------------------------------------------------------ admin routes

	app.post<{ Body: { config?: ConfigOverrides } | undefined }>(
		'/__admin/reset',
		async (request): Promise<ResetResult> => {
			const overrides = request.body?.config;
			if (overrides !== undefined && (typeof overrides !== 'object' || overrides === null)) {
				throw new SandboxHttpError(400, { error: 'config must be an object' });
			}
			disposeContext(ctx);
			// Reset overrides apply on top of the config the sandbox was started with.
			ctx = createContext(mergeConfig(startupConfig, overrides));
			return { user: ctx.initialTokens.user, company: ctx.initialTokens.company };
		},
	);

	app.get('/__admin/config', async () => ctx.config);

	app.get('/__admin/requests', async (): Promise<RecordedRequest[]> => ctx.state.requests);
	app.delete('/__admin/requests', async () => {
		ctx.state.requests = [];
		return { cleared: true };
	});

	app.get<{ Querystring: { poNumber?: string } }>('/__admin/orders', async (request) => {
		const poNumber = request.query.poNumber;
		return poNumber === undefined
			? ctx.state.orders
			: ctx.state.orders.filter((order) => order.poNumber === poNumber);
	});
	app.get<{ Params: { orderId: string } }>('/__admin/orders/:orderId', async (request) => {
		const order = findOrder(ctx, { orderId: Number(request.params.orderId) });
		if (!order)
			throw new SandboxHttpError(404, { error: `order ${request.params.orderId} not found` });
		return order;
	});
	app.post<{ Params: { orderId: string } }>('/__admin/orders/:orderId/complete', async (request) =>
		completeOrder(ctx, Number(request.params.orderId)),
	);
	app.post<{ Params: { orderId: string } }>('/__admin/orders/:orderId/cancel', async (request) =>
		cancelOrder(ctx, Number(request.params.orderId)),
	);

	app.get('/__admin/rate-limits', async () => ctx.rateLimiter.report());
	app.get('/__admin/orders-in-flight', async () => ctx.state.ordersInFlight);

	/** Changes a product of the catalogue (e.g. its valueDenominations), as Plum's catalogue changes over time. */
	app.patch<{ Params: { productId: string }; Body: Record<string, unknown> | undefined }>(
		'/__admin/products/:productId',
		async (request) => {
			const product = ctx.catalogue.byId.get(Number(request.params.productId));
			if (!product)
				throw new SandboxHttpError(404, { error: `product ${request.params.productId} not found` });
			const changes = request.body;
			if (typeof changes !== 'object' || changes === null || Array.isArray(changes) || 'productId' in changes) {
				throw new SandboxHttpError(400, { error: 'body must be an object of product fields, without productId' });
			}
			Object.assign(product, changes);
			return product;
		},
	);
	/** Takes a product out of the catalogue (Plum then answers PLE10017 to orders for it). */
	app.delete<{ Params: { productId: string } }>('/__admin/products/:productId', async (request) => {
		const productId = Number(request.params.productId);
		if (!ctx.catalogue.byId.delete(productId))
			throw new SandboxHttpError(404, { error: `product ${request.params.productId} not found` });
		ctx.catalogue.products = ctx.catalogue.products.filter((product) => product.productId !== productId);
		return { removed: productId };
	});

	app.get('/__admin/faults', async () => ctx.faults.list());
	app.post<{ Body: FaultSpec }>('/__admin/faults', async (request) => ctx.faults.add(request.body));
	app.delete('/__admin/faults', async () => {
		ctx.faults.clear();
		return { cleared: true };
	});

	app.get('/__admin/clock', async () => ({ now: ctx.clock.now() }));
	app.post<{ Body: { seconds?: number } }>('/__admin/clock/advance', async (request) => {
		const seconds = request.body?.seconds;
		if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
			throw new SandboxHttpError(400, { error: 'seconds must be a non-negative number' });
		}
		const now = ctx.clock.advance(seconds);
		const completed = await completeDueOrders(ctx);
		return { now, completedOrders: completed.map((result) => result.order.orderId) };
	});

	app.get('/__admin/tokens', async () => ctx.tokens.view());
	app.post<{ Body: { type?: TokenType; revokeAccessTokens?: boolean } }>(
		'/__admin/tokens/issue',
		async (request) => {
			const type = request.body?.type;
			if (type !== 'user' && type !== 'company')
				throw new SandboxHttpError(400, { error: "type must be 'user' or 'company'" });
			return ctx.tokens.issue(type, {
				revokeAccessTokens: request.body?.revokeAccessTokens === true,
			});
		},
	);

	app.get('/__admin/points', async () => ctx.state.points);
	app.get('/__admin/links', async () => ctx.state.linkBatches);

	app.get('/__admin/webhook', async () => ctx.webhooks.view());
	app.post('/__admin/webhook/enable', async () => {
		ctx.webhooks.enable();
		return ctx.webhooks.view();
	});
	app.post<{ Body: SendOnceRequest | undefined }>('/__admin/webhook/send', async (request) => {
		const latest = ctx.state.orders[ctx.state.orders.length - 1];
		const fallback = {
			orderId: latest?.orderId ?? ctx.config.firstOrderId,
			poNumber: latest?.poNumber ?? 'SANDBOX-PO-1',
			orderDate: formatIstDateTime(latest?.createdAt ?? ctx.clock.now()),
			deliveryStatus: 'delivered' as const,
		};
		try {
			return await ctx.webhooks.sendOnce(request.body ?? {}, fallback);
		} catch (error) {
			throw new SandboxHttpError(400, { error: (error as Error).message });
		}
	});

	await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
	const { port } = app.server.address() as AddressInfo;
	const url = `http://127.0.0.1:${port}`;
	return {
		url,
		baseUrl: `${url}/chef`,
		close: async () => {
			disposeContext(ctx);
			await app.close();
		},
	};
}

function installBodyParsers(app: FastifyInstance): void {
	app.removeAllContentTypeParsers();
	app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
		const text = String(body);
		if (text.trim() === '') return done(null, undefined);
		try {
			done(null, JSON.parse(text));
		} catch {
			done(null, new UnparsedBody(String(request.headers['content-type']), text, 'malformed JSON'));
		}
	});
	// Form-encoded and other bodies reach the handlers, which answer Plum's own 400 instead of fastify's 415.
	app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
		done(
			null,
			new UnparsedBody(String(request.headers['content-type'] ?? ''), String(body), 'not JSON'),
		);
	});
}

function recordRequest(
	context: SandboxContext,
	request: FastifyRequest,
	op: string | null,
): RecordedRequest {
	const requests = context.state.requests;
	const body =
		request.body instanceof UnparsedBody
			? { unparsed: request.body.raw, contentType: request.body.contentType }
			: request.body;
	const record: RecordedRequest = {
		id: context.state.nextRequestId++,
		time: context.clock.now(),
		method: request.method,
		path: pathOf(request),
		headers: { ...request.headers },
		body: body ?? null,
		op,
		status: null,
		dropped: false,
		fault: null,
		durationMs: null,
	};
	requests.push(record);
	if (requests.length > context.config.maxRecordedRequests)
		requests.splice(0, requests.length - context.config.maxRecordedRequests);
	return record;
}
