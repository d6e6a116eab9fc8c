/**
 * Packages the benchmarks need that only the server workspace depends on. The root package
 * (where `bench/` lives) does not list fastify, @trpc/server, superjson or zod, so a bare
 * `import 'fastify'` from here resolves neither for tsx nor for tsc. Until they are added to
 * the root devDependencies, they are imported from the server's own node_modules by path;
 * pnpm's symlinks resolve to the same files the server loads, so module identity is shared
 * (one tRPC, one superjson).
 */
export { fastifyTRPCPlugin } from '../server/node_modules/@trpc/server/dist/adapters/fastify/index.mjs';
export { default as Fastify } from '../server/node_modules/fastify/fastify.js';
export { default as superjson } from '../server/node_modules/superjson/dist/index.js';
export { z } from '../server/node_modules/zod/index.js';
