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
import { adminFinancesRouter } from '../modules/finance/finance.router.ts';
import { adminNotificationsRouter, notificationsRouter } from '../modules/notifications/notifications.router.ts';
import { customerRouter } from '../modules/orders/customer.router.ts';
import { customerPaymentHistoryProcedure, customerPaymentMethodsRouter } from '../modules/payments/payments.router.ts';
import {
  adminPayoutsRouter,
  organizerEventBooksRouter,
  organizerPayoutsRouter,
} from '../modules/payouts/payouts.router.ts';
import {
  adminRaffleDrawProcedures,
  customerRaffleDrawProcedures,
  publicRaffleDrawProcedures,
} from '../modules/raffles/draw/draw.router.ts';
import { adminRafflesRouter, customerRafflesRouter, publicRafflesRouter } from '../modules/raffles/raffles.router.ts';
import { customerOrderBooksProcedures } from '../modules/receipts/receipts.router.ts';
import {
  adminEventsRouter,
  adminRefundsRouter,
  customerRefundRequestsRouter,
  customerTicketRefundsRouter,
  organizerRefundsRouter,
} from '../modules/refunds/refunds.router.ts';
import { router } from './init.ts';

const shared = {
  public: router({
    events: publicEventsRouter,
    raffles: router({ ...publicRafflesRouter._def.record, ...publicRaffleDrawProcedures }),
  }),
  auth: authRouter,
  customer: router({
    ...customerRouter._def.record,
    tickets: router({ ...customerRouter._def.record.tickets, ...customerTicketRefundsRouter._def.record }),
    orders: router({ ...customerRouter._def.record.orders, ...customerOrderBooksProcedures }),
    refundRequests: customerRefundRequestsRouter,
    paymentMethods: customerPaymentMethodsRouter,
    paymentHistory: customerPaymentHistoryProcedure,
    privacy: customerPrivacyRouter,
    raffles: router({ ...customerRafflesRouter._def.record, ...customerRaffleDrawProcedures }),
  }),
  organizer: router({
    ...organizerAccountRouter._def.record,
    ...organizerRefundsRouter._def.record,
    events: router({ ...organizerRefundsRouter._def.record.events, ...organizerEventBooksRouter._def.record }),
    payouts: organizerPayoutsRouter,
  }),
  merchant: merchantAccountRouter,
  usher: usherRouter,
  practitioner: practitionerAccountRouter,
  admin: router({
    ...adminRouter._def.record,
    notifications: adminNotificationsRouter,
    refunds: adminRefundsRouter,
    events: adminEventsRouter,
    payouts: adminPayoutsRouter,
    finances: adminFinancesRouter,
    raffles: router({ ...adminRafflesRouter._def.record, ...adminRaffleDrawProcedures }),
  }),
  notifications: notificationsRouter,
};

export const appRouter = router({ ...shared, dev: devRouter });
/** Same tree without the `dev` namespace, served in production. */
export const productionRouter = router(shared);

export type AppRouter = typeof appRouter;
