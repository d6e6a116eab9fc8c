/**
 * Reading notifications: the signed-in user's inbox and channel preferences, the admins'
 * delivery view (with the dead letters), and the development mailbox (the outbox).
 *
 * The inbox lists the user's notifications delivered in-app (an IN_APP delivery that was SENT):
 * one-time codes never appear there, nor anything the user turned off for IN_APP.
 */
import type {
  TDeliveryStatus,
  TInboxItem,
  TMessageChannel,
  TNotificationPreference,
  TPage,
  TPageInput,
} from '@admit/shared';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';
import { type PageArgs, pageOf, pageWindow } from '../pagination.ts';
import { isNotificationKind, type NotificationKind, render, TEMPLATES } from './templates.ts';

const inboxOf = (userId: string) => ({
  userId,
  deliveries: { some: { channel: 'IN_APP' as const, status: 'SENT' as const } },
});

const inboxSelect = { id: true, kind: true, title: true, body: true, createdAt: true, readAt: true } as const;

/** `GET /api/v1/users/notifications/`: newest first, with the number of unread entries. */
export async function listInbox(
  deps: Deps,
  actor: Actor,
  input: TPageInput,
): Promise<TPage<TInboxItem> & { unread: number }> {
  const where = inboxOf(actor.user.id);
  const [items, total, unread] = await Promise.all([
    deps.db.notification.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      ...pageWindow(input),
      select: inboxSelect,
    }),
    deps.db.notification.count({ where }),
    deps.db.notification.count({ where: { ...where, readAt: null } }),
  ]);
  return { ...pageOf(items, total, input), unread };
}

/**
 * Marks the user's own entries read (already-read ones keep their time). All or nothing:
 * NOT_FOUND when any id is not an entry of this user's inbox, and then nothing changes.
 */
export async function markRead(deps: Deps, actor: Actor, ids: string[]): Promise<{ marked: number }> {
  const unique = [...new Set(ids)];
  const where = { ...inboxOf(actor.user.id), id: { in: unique } };
  const owned = await deps.db.notification.count({ where });
  if (owned !== unique.length) throw new AppError('NOT_FOUND', 'No such notification.');
  const { count } = await deps.db.notification.updateMany({
    where: { ...where, readAt: null },
    data: { readAt: deps.clock.now() },
  });
  return { marked: count };
}

export async function markAllRead(deps: Deps, actor: Actor): Promise<{ marked: number }> {
  const { count } = await deps.db.notification.updateMany({
    where: { ...inboxOf(actor.user.id), readAt: null },
    data: { readAt: deps.clock.now() },
  });
  return { marked: count };
}

// ───────────────────────────── preferences ─────────────────────────────

const kindsOverview = () =>
  Object.entries(TEMPLATES).map(([kind, t]) => ({
    kind,
    channels: t.channels,
    optional: t.optional ?? [],
    essential: t.essential ?? false,
  }));

/** The user's choices and, per kind, what is sent when nothing was chosen. */
export async function getPreferences(deps: Deps, actor: Actor) {
  const preferences = await deps.db.notificationPreference.findMany({
    where: { userId: actor.user.id },
    orderBy: [{ kind: 'asc' }, { channel: 'asc' }],
    select: { kind: true, channel: true, enabled: true },
  });
  return { preferences, kinds: kindsOverview() };
}

/**
 * Saves choices (`kind` '*' = every kind; a kind's own choice wins). Errors: VALIDATION_FAILED
 * for an unknown kind or an essential one (one-time codes cannot be turned off).
 */
export async function setPreferences(deps: Deps, actor: Actor, preferences: TNotificationPreference[]) {
  const problems: Record<string, string[]> = {};
  preferences.forEach((p, i) => {
    if (p.kind === '*') return;
    if (!isNotificationKind(p.kind)) problems[`preferences.${i}.kind`] = ['Unknown notification kind'];
    else if (TEMPLATES[p.kind].essential) problems[`preferences.${i}.kind`] = ['One-time codes cannot be turned off'];
  });
  if (Object.keys(problems).length)
    throw new AppError('VALIDATION_FAILED', 'Some preferences cannot be saved.', problems);
  const userId = actor.user.id;
  await deps.db.$transaction(
    preferences.map((p) =>
      deps.db.notificationPreference.upsert({
        where: { userId_kind_channel: { userId, kind: p.kind, channel: p.channel } },
        create: { userId, kind: p.kind, channel: p.channel, enabled: p.enabled },
        update: { enabled: p.enabled },
      }),
    ),
  );
  return getPreferences(deps, actor);
}

// ───────────────────────────── admins: deliveries ─────────────────────────────

/** Deliveries newest first, by status (DEAD = the dead letters), channel and kind. */
export async function listDeliveries(
  deps: Deps,
  input: PageArgs & { status?: TDeliveryStatus; channel?: TMessageChannel; kind?: string },
) {
  const where = {
    ...(input.status ? { status: input.status } : {}),
    ...(input.channel ? { channel: input.channel } : {}),
    ...(input.kind ? { notification: { kind: input.kind } } : {}),
  };
  const [rows, total] = await Promise.all([
    deps.db.notificationDelivery.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      ...pageWindow(input),
      select: {
        id: true,
        notificationId: true,
        channel: true,
        recipient: true,
        status: true,
        attempts: true,
        provider: true,
        providerId: true,
        lastError: true,
        sentAt: true,
        createdAt: true,
        updatedAt: true,
        notification: { select: { kind: true, userId: true } },
      },
    }),
    deps.db.notificationDelivery.count({ where }),
  ]);
  const items = rows.map(({ notification, ...d }) => ({ ...d, kind: notification.kind, userId: notification.userId }));
  return pageOf(items, total, input);
}

// ───────────────────────────── development: the mailbox ─────────────────────────────

/**
 * Outbox messages newest first (`dev.mailbox`), each with the HTML e-mail re-rendered when its
 * notification still holds the variables (not for one-time codes, whose secrets are not kept).
 */
export async function listMailbox(deps: Deps, input: PageArgs & { channel?: TMessageChannel; recipient?: string }) {
  const where = {
    ...(input.channel ? { channel: input.channel } : {}),
    ...(input.recipient ? { recipient: input.recipient } : {}),
  };
  const [rows, total] = await Promise.all([
    deps.db.outboxMessage.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      ...pageWindow(input),
      select: {
        id: true,
        channel: true,
        recipient: true,
        template: true,
        subject: true,
        body: true,
        userId: true,
        createdAt: true,
      },
    }),
    deps.db.outboxMessage.count({ where }),
  ]);
  const emails = rows.filter((r) => r.channel === 'EMAIL').map((r) => r.id);
  const sources = emails.length
    ? await deps.db.notificationDelivery.findMany({
        where: { provider: 'outbox', providerId: { in: emails } },
        select: { providerId: true, notification: { select: { kind: true, data: true } } },
      })
    : [];
  const htmlOf = new Map(
    sources.flatMap((s) => {
      const vars = (s.notification.data as { vars?: unknown } | null)?.vars;
      if (!s.providerId || vars === undefined || !isNotificationKind(s.notification.kind)) return [];
      return [[s.providerId, render(s.notification.kind as NotificationKind, vars as never).html] as const];
    }),
  );
  return pageOf(
    rows.map((r) => ({ ...r, html: htmlOf.get(r.id) ?? null })),
    total,
    input,
  );
}
