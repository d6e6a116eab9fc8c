/**
 * tRPC over Fastify with a fast path for plain JSON calls.
 *
 * Why not `@trpc/server/adapters/fastify`: on Node 20 its per-request machinery (a web
 * `Request` with abort signals, `AbortSignal.any` ponyfills, transpiled object spreads, a web
 * `Response` streamed back through a ReadableStream) costs ~80 µs in `resolveResponse` alone
 * and made a trivial query serve 0.2× the requests of a bare Fastify route
 * (bench/trpc-overhead, docs/decisions/0005-trpc-fast-path.md).
 *
 * The fast path serves what the SPAs send — GET queries and POST mutations with a JSON body,
 * batched (`?batch=1`, httpBatchLink) or not — with tRPC's own building blocks
 * (`callProcedure`, `getErrorShape`, `getHTTPStatusCode`, `transformTRPCResponse`), so
 * procedures, middlewares, the error formatter and the wire format are tRPC's. Everything else
 * (streaming `trpc-accept: application/jsonl`, form data, octet streams, HEAD, method
 * override) goes through tRPC's `resolveResponse` unchanged.
 */
import type { IncomingMessage } from 'node:http';
import type { AnyRouter, inferRouterContext } from '@trpc/server';
import { incomingMessageToRequest } from '@trpc/server/adapters/node-http';
import { type HTTPErrorHandler, resolveResponse } from '@trpc/server/http';
import {
  getErrorShape,
  getHTTPStatusCode,
  getProcedureAtPath,
  getTRPCErrorFromUnknown,
  TRPCError,
  type TRPCResponse,
  transformTRPCResponse,
} from '@trpc/server/unstable-core-do-not-import';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface TrpcPluginOptions<TRouter extends AnyRouter> {
  prefix: `/${string}`;
  router: TRouter;
  createContext(opts: { req: FastifyRequest; res: FastifyReply }): Promise<inferRouterContext<TRouter>>;
  onError?: HTTPErrorHandler<TRouter, FastifyRequest>;
}

type Call = {
  req: FastifyRequest<{ Params: { path: string }; Querystring: Record<string, string | undefined> }>;
  reply: FastifyReply;
};

function isPlainJsonCall({ req }: Call): boolean {
  if (req.headers['trpc-accept'] || req.headers['x-http-method-override']) return false;
  if (req.method === 'GET') return true;
  if (req.method !== 'POST') return false;
  const type = req.headers['content-type'];
  return type === undefined || type.startsWith('application/json');
}

export async function registerTrpc<TRouter extends AnyRouter>(app: FastifyInstance, opts: TrpcPluginOptions<TRouter>) {
  const config = opts.router._def._config;

  /** tRPC's own handler, for the requests the fast path does not take. */
  const viaResolveResponse = async ({ req, reply }: Call) => {
    const raw = req.raw as IncomingMessage & { body?: unknown };
    if (req.body !== undefined) raw.body = req.body;
    const response = await resolveResponse({
      router: opts.router,
      req: incomingMessageToRequest(raw, reply.raw, { maxBodySize: null }),
      path: req.params.path,
      error: null,
      createContext: () => opts.createContext({ req, res: reply }),
      onError: (o) => opts.onError?.({ ...o, req }),
    });
    reply.code(response.status);
    response.headers.forEach((value, key) => {
      // the body is buffered below: framing headers of a streamed response no longer apply
      if (key !== 'transfer-encoding' && key !== 'content-length') reply.header(key, value);
    });
    return reply.send(await response.text());
  };

  const fastPath = async ({ req, reply }: Call) => {
    const type = req.method === 'GET' ? 'query' : 'mutation';
    const isBatch = req.query.batch === '1';
    const paths = isBatch ? req.params.path.split(',') : [req.params.path];

    let rawInput: unknown;
    let failure: unknown;
    try {
      const text = req.method === 'GET' ? req.query.input : (req.body as string | undefined);
      rawInput = text ? JSON.parse(text) : undefined;
      if (isBatch && rawInput !== undefined && (typeof rawInput !== 'object' || rawInput === null)) {
        throw new Error('"input" needs to be an object when doing a batch call');
      }
    } catch (cause) {
      failure = new TRPCError({ code: 'BAD_REQUEST', cause });
    }
    let ctx: inferRouterContext<TRouter> | undefined;
    if (!failure) {
      try {
        ctx = await opts.createContext({ req, res: reply });
      } catch (cause) {
        failure = cause;
      }
    }

    const items = await Promise.all(
      paths.map(async (path, index): Promise<TRPCResponse> => {
        const input = isBatch ? (rawInput as Record<string, unknown> | undefined)?.[index] : rawInput;
        try {
          if (failure) throw failure;
          const procedure = await getProcedureAtPath(opts.router, path);
          if (!procedure) throw new TRPCError({ code: 'NOT_FOUND', message: `No procedure found on path "${path}"` });
          if (procedure._def.type !== type) {
            throw new TRPCError({
              code: 'METHOD_NOT_SUPPORTED',
              message: `Unsupported ${req.method}-request to ${procedure._def.type} procedure at path "${path}"`,
            });
          }
          const data = await procedure({
            path,
            type,
            ctx,
            signal: undefined,
            batchIndex: index,
            getRawInput: async () => (input === undefined ? undefined : config.transformer.input.deserialize(input)),
          });
          return { result: { data } };
        } catch (cause) {
          const error = getTRPCErrorFromUnknown(cause);
          opts.onError?.({ error, type, path, input, ctx, req });
          return { error: getErrorShape({ config, error, type, path, input, ctx }) };
        }
      }),
    );

    reply.code(getHTTPStatusCode(items));
    reply.header('content-type', 'application/json');
    reply.header('vary', 'trpc-accept, accept');
    return reply.send(JSON.stringify(transformTRPCResponse(config, isBatch ? items : items[0]!)));
  };

  await app.register(async (scope) => {
    // tRPC parses bodies itself (batch envelopes, superjson); keep them as strings.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    scope.all<Call['req'] extends FastifyRequest<infer G> ? G : never>(`${opts.prefix}/:path`, (req, reply) => {
      const call = { req, reply };
      return isPlainJsonCall(call) ? fastPath(call) : viaResolveResponse(call);
    });
  });
}
