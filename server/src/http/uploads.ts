/**
 * Uploads (issue 8): raffle images in, public files out.
 *
 *   POST /api/admin/raffles/:id/images   multipart, one field `file`; admin session (cookie or
 *                                        Bearer) with `raffles.write`; ≤ 5 MB, JPEG/PNG/WebP by
 *                                        magic bytes (raffles.service `addRaffleImage`)
 *   POST /api/organizer/profile/logo/    multipart `file`; organizer session; same size and type
 *                                        checks; writes Organizer.logoUrl (organizer/profile.service)
 *   GET  /uploads/*                      the local store's files, read-only, `nosniff`, immutable
 *                                        (names are random and never reused)
 *
 * trpc-to-openapi parses JSON bodies only, hence a plain Fastify route; errors use the seeds'
 * JSON format with their status like the other REST routes.
 */
import { mkdirSync } from 'node:fs';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { adminCan } from '../modules/admin/permissions.ts';
import { setOrganizerLogo } from '../modules/organizer/profile.service.ts';
import { addRaffleImage, MAX_IMAGE_BYTES } from '../modules/raffles/raffles.service.ts';
import { LocalDiskStorage, type Storage, uploadsDir } from '../modules/raffles/storage.ts';
import type { Context } from '../trpc/context.ts';
import { restError } from './rest-errors.ts';

type ContextFactory = (req: FastifyRequest, reply: FastifyReply) => Promise<Context>;

/** Registers the upload route and the `/uploads/` static files (own plugin scope: multipart stays local). */
export async function registerUploads(
  app: FastifyInstance,
  deps: AppDeps,
  contextFor: ContextFactory,
  storage: Storage = new LocalDiskStorage(),
): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: MAX_IMAGE_BYTES, files: 1, fields: 0, parts: 1, fieldSize: 1024 },
    });
    for (const slash of ['', '/']) {
      scope.post<{ Params: { id: string } }>(`/api/admin/raffles/:id/images${slash}`, async (req, reply) => {
        try {
          const ctx = await contextFor(req, reply);
          const actor = ctx.actor;
          if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
          if (actor.user.role !== 'ADMIN' || !adminCan(actor.user.adminLevel, 'raffles.write')) {
            throw new AppError('FORBIDDEN', 'Your admin role does not allow this.');
          }
          if (!req.isMultipart()) throw new AppError('BAD_REQUEST', 'Send multipart/form-data with a `file` field.');
          const file = await req.file();
          if (!file) throw new AppError('BAD_REQUEST', 'Send multipart/form-data with a `file` field.');
          let bytes: Buffer;
          try {
            bytes = await file.toBuffer();
          } catch (err) {
            if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
              throw new AppError('PAYLOAD_TOO_LARGE', 'Images are at most 5 MB.');
            }
            throw err;
          }
          const out = await addRaffleImage(deps, actor, { raffleId: req.params.id, bytes }, storage, ctx.meta);
          return reply.code(201).header('cache-control', 'no-store').send(out);
        } catch (err) {
          const { status, body } = restError(err);
          if (status === 401) reply.header('www-authenticate', 'Bearer');
          return reply.code(status).type('application/json').send(body);
        }
      });
    }
    // the organizer's logo (seed 003 Plan 3 Phase 6 "Profile"): organizer session, same checks
    for (const slash of ['', '/']) {
      scope.post(`/api/organizer/profile/logo${slash}`, async (req, reply) => {
        try {
          const ctx = await contextFor(req, reply);
          const actor = ctx.actor;
          if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
          if (actor.user.role !== 'ORGANIZER' || actor.user.status !== 'ACTIVE') {
            throw new AppError('FORBIDDEN', 'This needs an organizer account.');
          }
          if (!req.isMultipart()) throw new AppError('BAD_REQUEST', 'Send multipart/form-data with a `file` field.');
          const file = await req.file();
          if (!file) throw new AppError('BAD_REQUEST', 'Send multipart/form-data with a `file` field.');
          let bytes: Buffer;
          try {
            bytes = await file.toBuffer();
          } catch (err) {
            if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
              throw new AppError('PAYLOAD_TOO_LARGE', 'Images are at most 5 MB.');
            }
            throw err;
          }
          const out = await setOrganizerLogo(deps, actor, bytes, storage, ctx.meta);
          return reply.code(201).header('cache-control', 'no-store').send(out);
        } catch (err) {
          const { status, body } = restError(err);
          if (status === 401) reply.header('www-authenticate', 'Bearer');
          return reply.code(status).type('application/json').send(body);
        }
      });
    }
    mkdirSync(uploadsDir(), { recursive: true });
    await scope.register(fastifyStatic, {
      root: uploadsDir(),
      prefix: '/uploads/',
      decorateReply: false,
      index: false,
      list: false,
      dotfiles: 'deny',
      setHeaders(res) {
        res.header('x-content-type-options', 'nosniff');
        res.header('cache-control', 'public, max-age=31536000, immutable');
        res.header('content-security-policy', "default-src 'none'");
      },
    });
  });
}
