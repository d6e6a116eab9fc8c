/**
 * Notifications for every signed-in role: the in-app inbox (read/unread) and channel
 * preferences; and the admins' delivery view (`admin.notifications.deliveries`, the dead letters
 * with status DEAD). The development mailbox is `dev.mailbox` (dev.router.ts).
 */
import {
  ZDeliveriesInput,
  ZDeliveryPage,
  ZInboxInput,
  ZInboxPage,
  ZMarkedCount,
  ZMarkReadInput,
  ZNotificationPreferences,
  ZSetPreferencesInput,
} from '@admit/shared';
import { z } from 'zod';
import { router } from '../../trpc/init.ts';
import { adminProcedure, authedProcedure } from '../../trpc/procedures.ts';
import { getPreferences, listDeliveries, listInbox, markAllRead, markRead, setPreferences } from './inbox.service.ts';

const tags = ['notifications'];
const base = '/v1/users/notifications';

export const notificationsRouter = router({
  inbox: router({
    list: authedProcedure
      .meta({ openapi: { method: 'GET', path: `${base}/`, tags, summary: 'My notifications, newest first' } })
      .input(ZInboxInput)
      .output(ZInboxPage)
      .query(({ ctx, input }) => listInbox(ctx.deps, ctx.actor, input)),
    markRead: authedProcedure
      .meta({ openapi: { method: 'POST', path: `${base}/read/`, tags, summary: 'Mark some of my notifications read' } })
      .input(ZMarkReadInput)
      .output(ZMarkedCount)
      .mutation(({ ctx, input }) => markRead(ctx.deps, ctx.actor, input.ids)),
    markAllRead: authedProcedure
      .meta({ openapi: { method: 'POST', path: `${base}/read-all/`, tags, summary: 'Mark all my notifications read' } })
      .input(z.object({}))
      .output(ZMarkedCount)
      .mutation(({ ctx }) => markAllRead(ctx.deps, ctx.actor)),
  }),
  preferences: router({
    get: authedProcedure
      .meta({
        openapi: { method: 'GET', path: `${base}/preferences/`, tags, summary: 'My channel choices per kind' },
      })
      .input(z.object({}))
      .output(ZNotificationPreferences)
      .query(({ ctx }) => getPreferences(ctx.deps, ctx.actor)),
    set: authedProcedure
      .meta({
        openapi: { method: 'PUT', path: `${base}/preferences/`, tags, summary: 'Turn channels on or off per kind' },
      })
      .input(ZSetPreferencesInput)
      .output(ZNotificationPreferences)
      .mutation(({ ctx, input }) => setPreferences(ctx.deps, ctx.actor, input.preferences)),
  }),
});

export const adminNotificationsRouter = router({
  deliveries: adminProcedure('users.read')
    .meta({
      openapi: {
        method: 'GET',
        path: '/notifications/deliveries/',
        tags: ['admin: notifications'],
        summary: 'Notification deliveries by status (DEAD: dead letters) and channel',
      },
    })
    .input(ZDeliveriesInput)
    .output(ZDeliveryPage)
    .query(({ ctx, input }) => listDeliveries(ctx.deps, input)),
});
