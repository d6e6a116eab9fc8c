/**
 * The one router tree (DESIGN.md "Router tree"). Namespaces are roles; `dev` exists only
 * outside production (see `buildRouter`). Later roles (organizer, merchant, practitioner,
 * admin) join here with their own procedure from procedures.ts.
 */
import {
  customerPrivacyRouter,
  merchantAccountRouter,
  organizerAccountRouter,
  practitionerAccountRouter,
} from '../modules/account/account.router.ts';
import { adminRouter } from '../modules/admin/admin.router.ts';
import { authRouter } from '../modules/auth/auth.router.ts';
import { usherRouter } from '../modules/checkin/usher.router.ts';
import { devRouter } from '../modules/dev/dev.router.ts';
import { publicEventsRouter } from '../modules/events/public.router.ts';
import { adminNotificationsRouter, notificationsRouter } from '../modules/notifications/notifications.router.ts';
import { customerRouter } from '../modules/orders/customer.router.ts';
import { router } from './init.ts';

const shared = {
  public: router({ events: publicEventsRouter }),
  auth: authRouter,
  customer: router({ ...customerRouter._def.record, privacy: customerPrivacyRouter }),
  organizer: organizerAccountRouter,
  merchant: merchantAccountRouter,
  usher: usherRouter,
  practitioner: practitionerAccountRouter,
  admin: router({ ...adminRouter._def.record, notifications: adminNotificationsRouter }),
  notifications: notificationsRouter,
};

export const appRouter = router({ ...shared, dev: devRouter });
/** Same tree without the `dev` namespace, served in production. */
export const productionRouter = router(shared);

export type AppRouter = typeof appRouter;
