import { z } from 'zod';
import { ZRole } from '../enums.ts';
import { ZEmail } from './auth.ts';
import { ZId, ZPage, ZPageInput, ZPassword, ZPersonName } from './common.ts';

export const ZAdminLevel = z.enum(['SUPER_ADMIN', 'ADMIN', 'SUPPORT']);
export const ZUserStatus = z.enum(['PENDING_VERIFICATION', 'ACTIVE', 'DISABLED']);

export const ZProfile = z.object({
  id: ZId,
  role: ZRole,
  adminLevel: ZAdminLevel.nullable(),
  firstName: z.string(),
  lastName: z.string(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  username: z.string().nullable(),
  photoUrl: z.string().nullable(),
  createdAt: z.date(),
  organizer: z.object({ id: ZId, name: z.string(), slug: z.string() }).nullable(),
});
export type TProfile = z.infer<typeof ZProfile>;

export const ZAdminUser = z.object({
  id: ZId,
  role: ZRole,
  status: ZUserStatus,
  adminLevel: ZAdminLevel.nullable(),
  firstName: z.string(),
  lastName: z.string(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  username: z.string().nullable(),
  organizerId: ZId.nullable(),
  organizer: z.object({ id: ZId, name: z.string() }).nullable(),
  createdAt: z.date(),
  deletedAt: z.date().nullable(),
  activeSessions: z.number().int(),
});
export const ZAdminUserPage = ZPage(ZAdminUser);
export const ZAdminUsersInput = ZPageInput.extend({
  role: ZRole.optional(),
  status: ZUserStatus.optional(),
  q: z.string().trim().min(1).max(100).optional(),
});
export const ZUserIdInput = z.object({ id: ZId });
export const ZCreateAdminInput = z.object({
  email: ZEmail,
  firstName: ZPersonName,
  lastName: ZPersonName,
  password: ZPassword,
  level: ZAdminLevel,
});
export const ZSetAdminLevelInput = z.object({ id: ZId, level: ZAdminLevel });

export const ZAuditFilters = z.object({
  action: z.string().trim().min(1).max(64).optional(),
  actorId: ZId.optional(),
  targetType: z.string().trim().min(1).max(32).optional(),
  targetId: z.string().trim().min(1).max(64).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});
export const ZAuditListInput = ZPageInput.extend(ZAuditFilters.shape);
export const ZAuditEntry = z.object({
  id: ZId,
  at: z.date(),
  action: z.string(),
  actorId: ZId.nullable(),
  actorRole: ZRole.nullable(),
  actorName: z.string().nullable(),
  actorLogin: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export const ZAuditPage = ZPage(ZAuditEntry);

export const ZConfirmPasswordInput = z.object({ password: z.string().min(1).max(128) });
