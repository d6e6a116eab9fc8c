/** Notifications: the in-app inbox, channel preferences, deliveries (issue 5 "Notifications"). */
import { z } from 'zod';
import { ZId, ZPage, ZPageInput } from './common.ts';

/** Mirrors the Prisma enum MessageChannel. */
export const ZMessageChannel = z.enum(['SMS', 'EMAIL', 'WHATSAPP', 'IN_APP']);
export type TMessageChannel = z.infer<typeof ZMessageChannel>;

/** Mirrors the Prisma enum DeliveryStatus. */
export const ZDeliveryStatus = z.enum(['PENDING', 'SENDING', 'SENT', 'FAILED', 'DEAD', 'SKIPPED']);
export type TDeliveryStatus = z.infer<typeof ZDeliveryStatus>;

/** A notification kind (`order.paid`, `otp.login`, …) or `*` for every kind. */
export const ZNotificationKindOrAll = z
  .string()
  .trim()
  .regex(/^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+)$/, 'A notification kind such as order.paid, or *');

export const ZInboxInput = ZPageInput;

export const ZInboxItem = z.object({
  id: ZId,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  createdAt: z.date(),
  readAt: z.date().nullable(),
});
export type TInboxItem = z.infer<typeof ZInboxItem>;

/** Unread first, then newest first; `unread` counts every unread entry (the badge). */
export const ZInboxPage = ZPage(ZInboxItem).extend({ unread: z.number().int() });

export const ZMarkReadInput = z.object({ ids: z.array(ZId).min(1).max(100) });
export const ZMarkedCount = z.object({ marked: z.number().int() });

export const ZNotificationPreference = z.object({
  kind: ZNotificationKindOrAll,
  channel: ZMessageChannel,
  enabled: z.boolean(),
});
export type TNotificationPreference = z.infer<typeof ZNotificationPreference>;

export const ZSetPreferencesInput = z.object({
  /** upserted one by one; a kind-specific choice wins over the `*` one */
  preferences: z.array(ZNotificationPreference).min(1).max(100),
});

export const ZNotificationPreferences = z.object({
  preferences: z.array(ZNotificationPreference),
  /** what each kind sends when the user has chosen nothing; `essential` kinds ignore preferences */
  kinds: z.array(
    z.object({
      kind: z.string(),
      channels: z.array(ZMessageChannel),
      optional: z.array(ZMessageChannel),
      essential: z.boolean(),
    }),
  ),
});

export const ZDeliveriesInput = ZPageInput.extend({
  status: ZDeliveryStatus.optional(),
  channel: ZMessageChannel.optional(),
  kind: z.string().trim().min(1).max(64).optional(),
});

export const ZDelivery = z.object({
  id: ZId,
  notificationId: ZId,
  kind: z.string(),
  userId: ZId.nullable(),
  channel: ZMessageChannel,
  recipient: z.string(),
  status: ZDeliveryStatus,
  attempts: z.number().int(),
  provider: z.string().nullable(),
  providerId: z.string().nullable(),
  lastError: z.string().nullable(),
  sentAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export const ZDeliveryPage = ZPage(ZDelivery);

export const ZMailboxInput = ZPageInput.extend({
  channel: ZMessageChannel.optional(),
  recipient: z.string().trim().min(1).max(254).optional(),
});
