/**
 * The customer's profile photo (seed 003 Plan 1 Phase 3 "photo optional"):
 *
 *   POST /api/v1/users/profile/photo/   multipart, one field `file`; customer session (cookie or
 *                                       Bearer); ≤ 5 MB, JPEG/PNG/WebP by magic bytes
 *
 * trpc-to-openapi parses JSON bodies only, hence a plain Fastify route in its own plugin scope
 * (multipart stays local), like http/uploads.ts; the file is public under `/uploads/`.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { restError } from '../../http/rest-errors.ts';
import type { Context } from '../../trpc/context.ts';
import { MAX_IMAGE_BYTES } from '../raffles/raffles.service.ts';
import { LocalDiskStorage, type Storage } from '../raffles/storage.ts';
import { setCustomerPhoto } from './profile.service.ts';

type ContextFactory = (req: FastifyRequest, reply: FastifyReply) => Promise<Context>;

/** Registers `POST /api/v1/users/profile/photo/` → 201 `{ photoUrl }`; errors in the seeds' JSON format. */
export async function registerCustomerPhotoUpload(
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
      scope.post(`/api/v1/users/profile/photo${slash}`, async (req, reply) => {
        try {
          const ctx = await contextFor(req, reply);
          const actor = ctx.actor;
          if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
          if (actor.user.role !== 'CUSTOMER') throw new AppError('FORBIDDEN', 'This needs a customer account.');
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
          const out = await setCustomerPhoto(deps, actor, bytes, storage);
          return reply.code(201).header('cache-control', 'no-store').send(out);
        } catch (err) {
          const { status, body } = restError(err);
          if (status === 401) reply.header('www-authenticate', 'Bearer');
          return reply.code(status).type('application/json').send(body);
        }
      });
    }
  });
}
