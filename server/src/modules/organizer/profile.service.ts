/**
 * The organizer's profile (seed 003 Plan 3 Phase 6): the signed-in user's name and the
 * organizer's public profile (name, description, website, contact e-mail/phone, logo).
 *
 *   GET  /api/organizer/profile/          profileOf + the organizer's profile fields
 *   PUT  /api/organizer/profile/          partial update, audited `organizer.profile_updated`
 *   POST /api/organizer/profile/logo/     multipart image (http/uploads.ts): magic-byte check,
 *                                         ≤ 5 MB, server-made name; writes Organizer.logoUrl
 */

import { randomBytes } from 'node:crypto';
import type { TOrganizerProfile, TUpdateOrganizerProfileInput } from '@admit/shared';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { MAX_IMAGE_BYTES } from '../raffles/raffles.service.ts';
import { type Storage, sniffImage } from '../raffles/storage.ts';
import { ownOrganizerId } from './organizer.service.ts';

type Meta = { ip?: string; userAgent?: string; requestId?: string };

const organizerSelect = {
  id: true,
  name: true,
  slug: true,
  logoUrl: true,
  description: true,
  website: true,
  contactEmail: true,
  contactPhone: true,
} satisfies Prisma.OrganizerSelect;

/** `GET /api/organizer/profile/`: the user (no secrets) and the organizer's full profile. */
export async function organizerProfile(deps: Pick<Deps, 'db'>, actor: Actor): Promise<TOrganizerProfile> {
  return deps.db.user.findUniqueOrThrow({
    where: { id: actor.user.id },
    select: {
      id: true,
      role: true,
      adminLevel: true,
      firstName: true,
      lastName: true,
      mobile: true,
      email: true,
      username: true,
      photoUrl: true,
      createdAt: true,
      organizer: { select: organizerSelect },
    },
  });
}

/**
 * `PUT /api/organizer/profile/`: changes the given fields only — the organizer's name
 * (`organizationName`), description, website, contact e-mail and phone, and the user's first and
 * last name — in one transaction, audited with before/after. Errors: FORBIDDEN (no organizer),
 * VALIDATION_FAILED (nothing to change).
 */
export async function updateOrganizerProfile(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  input: TUpdateOrganizerProfileInput,
  meta: Meta,
): Promise<TOrganizerProfile> {
  const organizerId = ownOrganizerId(actor);
  const org: Prisma.OrganizerUpdateInput = {};
  if (input.organizationName !== undefined) org.name = input.organizationName;
  if (input.description !== undefined) org.description = input.description || null;
  if (input.website !== undefined) org.website = input.website || null;
  if (input.contactEmail !== undefined) org.contactEmail = input.contactEmail;
  if (input.contactPhone !== undefined) org.contactPhone = input.contactPhone;
  const user: Prisma.UserUpdateInput = {};
  if (input.firstName !== undefined) user.firstName = input.firstName;
  if (input.lastName !== undefined) user.lastName = input.lastName;
  if (Object.keys(org).length + Object.keys(user).length === 0) {
    throw new AppError('VALIDATION_FAILED', 'Nothing to change.', { _: ['Change at least one field'] });
  }
  await deps.db.$transaction(async (tx) => {
    const before = await tx.organizer.findUniqueOrThrow({ where: { id: organizerId }, select: organizerSelect });
    const beforeUser = await tx.user.findUniqueOrThrow({
      where: { id: actor.user.id },
      select: { firstName: true, lastName: true },
    });
    if (Object.keys(org).length) await tx.organizer.update({ where: { id: organizerId }, data: org });
    if (Object.keys(user).length) await tx.user.update({ where: { id: actor.user.id }, data: user });
    await recordAudit(tx, {
      action: 'organizer.profile_updated',
      actor: actor.user,
      target: { type: 'organizer', id: organizerId },
      before: { ...before, ...beforeUser },
      after: JSON.parse(JSON.stringify(input)) as Prisma.InputJsonValue,
      meta,
    });
  });
  return organizerProfile(deps, actor);
}

/**
 * The logo upload (`POST /api/organizer/profile/logo/`, multipart field `file`, organizer
 * session): a JPEG/PNG/WebP recognised by its magic bytes, at most 5 MB, stored under
 * `organizers/<id>/<random>.<ext>` and written to Organizer.logoUrl; audited. Errors: FORBIDDEN,
 * PAYLOAD_TOO_LARGE, VALIDATION_FAILED (not an image).
 */
export async function setOrganizerLogo(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  bytes: Buffer,
  storage: Storage,
  meta: Meta,
): Promise<{ logoUrl: string }> {
  const organizerId = ownOrganizerId(actor);
  if (bytes.length > MAX_IMAGE_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'Images are at most 5 MB.');
  const kind = sniffImage(bytes);
  if (!kind)
    throw new AppError('VALIDATION_FAILED', 'Only JPEG, PNG or WebP images.', { file: ['Not a JPEG, PNG or WebP'] });
  const key = `organizers/${organizerId.toLowerCase()}/${randomBytes(12).toString('hex')}.${kind.ext}`;
  const logoUrl = await storage.put(key, bytes, kind.contentType);
  await deps.db.$transaction(async (tx) => {
    const before = await tx.organizer.findUniqueOrThrow({ where: { id: organizerId }, select: { logoUrl: true } });
    await tx.organizer.update({ where: { id: organizerId }, data: { logoUrl } });
    await recordAudit(tx, {
      action: 'organizer.logo_updated',
      actor: actor.user,
      target: { type: 'organizer', id: organizerId },
      before,
      after: { logoUrl, contentType: kind.contentType, bytes: bytes.length },
      meta,
    });
  });
  return { logoUrl };
}
