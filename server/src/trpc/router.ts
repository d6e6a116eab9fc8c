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
import {
  adminAnalyticsRouter,
  adminCustomersRouter,
  adminDashboardRouter,
  adminMerchantsRouter,
  adminOrganizersRouter,
  adminUshersRouter,
  backofficeLogProcedures,
  backofficeUserProcedures,
} from '../modules/backoffice/backoffice.router.ts';
import { adminCatalogRouter } from '../modules/catalog/catalog.router.ts';
import { usherRouter } from '../modules/checkin/usher.router.ts';
import {
  customerAnalyticsProcedure,
  customerDependentsRouter,
  customerFavoritesRouter,
  customerProfileRouter,
  customerTicketTransferProcedures,
  customerTransfersRouter,
} from '../modules/customer-extras/customer-extras.router.ts';
import { devRouter } from '../modules/dev/dev.router.ts';
import { publicEventsRouter } from '../modules/events/public.router.ts';
import { adminFinancesRouter } from '../modules/finance/finance.router.ts';
import { merchantRouter } from '../modules/merchant/merchant.router.ts';
import { adminNfcCardsRouter, customerNfcCardsRouter, nfcMerchantCardProcedures } from '../modules/nfc/nfc.router.ts';
import { adminNotificationsRouter, notificationsRouter } from '../modules/notifications/notifications.router.ts';
import { customerRouter } from '../modules/orders/customer.router.ts';
import {
  adminEditRequestsRouter,
  organizerDashboardRouter,
  organizerEditRequestsRouter,
  organizerEventProcedures,
  organizerProfileRouter,
} from '../modules/organizer/organizer.router.ts';
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
import { adminSeatMapsRouter, customerSeatingRouter, publicSeatingRouter } from '../modules/seating/seating.router.ts';
import { router } from './init.ts';

const shared = {
  public: router({
    events: publicEventsRouter,
    raffles: router({ ...publicRafflesRouter._def.record, ...publicRaffleDrawProcedures }),
    seating: publicSeatingRouter,
  }),
  auth: authRouter,
  customer: router({
    ...customerRouter._def.record,
    tickets: router({
      ...customerRouter._def.record.tickets,
      ...customerTicketRefundsRouter._def.record,
      ...customerTicketTransferProcedures,
    }),
    orders: router({ ...customerRouter._def.record.orders, ...customerOrderBooksProcedures }),
    refundRequests: customerRefundRequestsRouter,
    paymentMethods: customerPaymentMethodsRouter,
    paymentHistory: customerPaymentHistoryProcedure,
    privacy: customerPrivacyRouter,
    profile: customerProfileRouter,
    transfers: customerTransfersRouter,
    dependents: customerDependentsRouter,
    favorites: customerFavoritesRouter,
    analytics: customerAnalyticsProcedure,
    raffles: router({ ...customerRafflesRouter._def.record, ...customerRaffleDrawProcedures }),
    seating: customerSeatingRouter,
    nfcCards: customerNfcCardsRouter,
  }),
  organizer: router({
    ...organizerAccountRouter._def.record,
    ...organizerRefundsRouter._def.record,
    events: router({
      ...organizerRefundsRouter._def.record.events,
      ...organizerEventBooksRouter._def.record,
      ...organizerEventProcedures,
    }),
    payouts: organizerPayoutsRouter,
    dashboard: organizerDashboardRouter,
    editRequests: organizerEditRequestsRouter,
    profile: organizerProfileRouter,
  }),
  merchant: router({
    ...merchantAccountRouter._def.record,
    ...merchantRouter._def.record,
    cards: router({ ...merchantRouter._def.record.cards, ...nfcMerchantCardProcedures }),
  }),
  usher: usherRouter,
  practitioner: practitionerAccountRouter,
  admin: router({
    ...adminRouter._def.record,
    users: router({ ...adminRouter._def.record.users, ...backofficeUserProcedures }),
    logs: router({ ...adminRouter._def.record.logs, ...backofficeLogProcedures }),
    dashboard: adminDashboardRouter,
    analytics: adminAnalyticsRouter,
    customers: adminCustomersRouter,
    organizers: adminOrganizersRouter,
    merchants: adminMerchantsRouter,
    ushers: adminUshersRouter,
    notifications: adminNotificationsRouter,
    refunds: adminRefundsRouter,
    events: adminEventsRouter,
    catalog: adminCatalogRouter,
    payouts: adminPayoutsRouter,
    editRequests: adminEditRequestsRouter,
    finances: adminFinancesRouter,
    raffles: router({ ...adminRafflesRouter._def.record, ...adminRaffleDrawProcedures }),
    seatMaps: adminSeatMapsRouter,
    nfcCards: adminNfcCardsRouter,
  }),
  notifications: notificationsRouter,
};

export const appRouter = router({ ...shared, dev: devRouter });
/** Same tree without the `dev` namespace, served in production. */
export const productionRouter = router(shared);

export type AppRouter = typeof appRouter;
