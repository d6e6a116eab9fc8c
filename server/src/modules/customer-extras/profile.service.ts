/**
 * The customer's own profile (seed 003 Plan 1 Phase 3 `GET /api/v1/users/me/`, `PUT
 * /api/v1/users/profile/`): names, e-mail, emergency contact and blood type (shown to first aid
 * at the gate), photo. The mobile number is the sign-in identifier and changes only through a
 * verified code, never here.
 */

import { randomBytes } from 'node:crypto';
import type { TBloodType, TCustomerProfile, TUpdateProfileInput } from '@admit/shared';
import { BLOOD_TYPES } from '@admit/shared';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { MAX_IMAGE_BYTES } from '../raffles/raffles.service.ts';
import { type Storage, sniffImage } from '../raffles/storage.ts';
import { isUniqueViolation } from '../refunds/refunds.service.ts';

const profileSelect = {
  id: true,
  role: true,
  firstName: true,
  lastName: true,
  mobile: true,
  email: true,
  username: true,
  photoUrl: true,
  emergencyContact: true,
  bloodType: true,
  emailVerifiedAt: true,
  createdAt: true,
} satisfies Prisma.UserSelect;

type ProfileRow = Prisma.UserGetPayload<{ select: typeof profileSelect }>;

function toProfile(u: ProfileRow): TCustomerProfile {
  const { emailVerifiedAt, bloodType, ...rest } = u;
  return {
    ...rest,
    // a value stored before the enum existed reads as unset rather than failing the response
    bloodType: (BLOOD_TYPES as readonly string[]).includes(bloodType ?? '') ? (bloodType as TBloodType) : null,
    emailVerified: emailVerifiedAt !== null,
  };
}

/** `GET /api/v1/users/profile/`: the signed-in customer's full profile. */
export async function getCustomerProfile(deps: Pick<Deps, 'db'>, actor: Actor): Promise<TCustomerProfile> {
  return toProfile(await deps.db.user.findUniqueOrThrow({ where: { id: actor.user.id }, select: profileSelect }));
}

/**
 * `PUT /api/v1/users/profile/`: changes the fields given (`null` clears an optional one). A new
 * e-mail address is stored unverified. Errors: CONFLICT `{ email }` when another account has the
 * address (the unique index decides, so two customers racing for one address cannot both win).
 */
export async function updateCustomerProfile(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  input: TUpdateProfileInput,
): Promise<TCustomerProfile> {
  const before = await deps.db.user.findUniqueOrThrow({ where: { id: actor.user.id }, select: profileSelect });
  const data: Prisma.UserUpdateInput = {};
  if (input.firstName !== undefined) data.firstName = input.firstName;
  if (input.lastName !== undefined) data.lastName = input.lastName;
  if (input.emergencyContact !== undefined) data.emergencyContact = input.emergencyContact;
  if (input.bloodType !== undefined) data.bloodType = input.bloodType;
  if (input.photoUrl !== undefined) data.photoUrl = input.photoUrl;
  if (input.email !== undefined && input.email !== before.email) {
    data.email = input.email;
    data.emailVerifiedAt = null;
  }
  if (Object.keys(data).length === 0) return toProfile(before);
  let after: ProfileRow;
  try {
    after = await deps.db.user.update({ where: { id: actor.user.id }, data, select: profileSelect });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('CONFLICT', 'This e-mail address belongs to another account.', {
        email: ['Already in use'],
      });
    }
    throw err;
  }
  if ('email' in data) {
    await recordAudit(deps.db, {
      action: 'user.email_changed',
      actor: actor.user,
      target: { type: 'user', id: actor.user.id },
      before: { email: before.email },
      after: { email: after.email },
    });
  }
  return toProfile(after);
}

/**
 * `POST /api/v1/users/profile/photo/` (multipart, customer-extras/photo-upload.ts): stores the
 * image under a server-made key and sets it as the profile photo. Errors: PAYLOAD_TOO_LARGE
 * (> 5 MB), VALIDATION_FAILED `{ file }` (not JPEG, PNG or WebP by its first bytes).
 */
export async function setCustomerPhoto(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  bytes: Buffer,
  storage: Storage,
): Promise<{ photoUrl: string }> {
  if (bytes.length > MAX_IMAGE_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'Images are at most 5 MB.');
  const kind = sniffImage(bytes);
  if (!kind) {
    throw new AppError('VALIDATION_FAILED', 'Only JPEG, PNG or WebP images.', { file: ['Not a JPEG, PNG or WebP'] });
  }
  const key = `profiles/${actor.user.id.toLowerCase()}/${randomBytes(12).toString('hex')}.${kind.ext}`;
  const photoUrl = await storage.put(key, bytes, kind.contentType);
  await deps.db.user.update({ where: { id: actor.user.id }, data: { photoUrl } });
  return { photoUrl };
}
