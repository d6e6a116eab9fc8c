/**
 * Admin back office for people, the dashboard, analytics and check-in logs (issue 7; seed 003
 * Plan 2 Phases 2, 5, 7 and 9). Merged into the `admin` namespace in trpc/router.ts:
 * `dashboard`, `analytics`, `customers`, `organizers`, `merchants`, `ushers` are new branches;
 * `backofficeUserProcedures` join `admin.users` and `backofficeLogProcedures` join `admin.logs`.
 * CSV exports are served as text/csv by `registerPeopleCsvRoutes` (./csv-routes.ts).
 */
import {
  ZAdminUser,
  ZAnalyticsRangeInput,
  ZCardAnalytics,
  ZCheckinLogExportInput,
  ZCheckinLogListInput,
  ZCheckinLogPage,
  ZCreateUserInput,
  ZCreateUsherAssignmentInput,
  ZCustomerDetail,
  ZCustomerExportInput,
  ZCustomerListInput,
  ZCustomerPage,
  ZDashboardStats,
  ZEventCategoryAnalytics,
  ZMerchantPage,
  ZOrganizerExportInput,
  ZOrganizerListInput,
  ZOrganizerPage,
  ZPeopleExportInput,
  ZPeopleListInput,
  ZRemoveUsherAssignmentInput,
  ZRevenueAnalytics,
  ZUpdateCustomerInput,
  ZUpdateUserInput,
  ZUserAnalytics,
  ZUserIdInput,
  ZUsherExportInput,
  ZUsherListInput,
  ZUsherPage,
  ZUsherRow,
} from '@admit/shared';
import { z } from 'zod';
import { router } from '../../trpc/init.ts';
import { adminProcedure } from '../../trpc/procedures.ts';
import {
  cardAnalytics,
  dashboardStats,
  eventCategoryAnalytics,
  revenueAnalytics,
  userAnalytics,
} from './analytics.service.ts';
import { checkinLogsCsv, listCheckinLogs } from './checkin-logs.service.ts';
import { customersCsv, getCustomer, listCustomers, updateCustomer } from './customers.service.ts';
import {
  createUser,
  createUsherAssignment,
  deleteUser,
  listMerchants,
  listOrganizers,
  listUshers,
  merchantsCsv,
  organizersCsv,
  removeUsherAssignment,
  updateUser,
  ushersCsv,
} from './people.service.ts';

const ZCsvExport = z.object({ csv: z.string(), rows: z.number().int() });
const analyticsTags = ['admin: analytics'];
const peopleTags = ['admin: people'];
const userTags = ['admin: users'];

export const adminDashboardRouter = router({
  stats: adminProcedure('analytics.read')
    .meta({
      openapi: { method: 'GET', path: '/dashboard/stats/', tags: analyticsTags, summary: 'Dashboard statistics' },
    })
    .input(z.object({}))
    .output(ZDashboardStats)
    .query(({ ctx }) => dashboardStats(ctx.deps)),
});

export const adminAnalyticsRouter = router({
  revenue: adminProcedure('analytics.read')
    .meta({
      openapi: {
        method: 'GET',
        path: '/analytics/revenue/',
        tags: analyticsTags,
        summary: 'Revenue per day/week/month (UTC): gross, fees, refunds per currency',
      },
    })
    .input(ZAnalyticsRangeInput)
    .output(ZRevenueAnalytics)
    .query(({ ctx, input }) => revenueAnalytics(ctx.deps, input)),
  users: adminProcedure('analytics.read')
    .meta({
      openapi: {
        method: 'GET',
        path: '/analytics/users/',
        tags: analyticsTags,
        summary: 'Sign-ups per day/week/month (UTC) by role, cumulative',
      },
    })
    .input(ZAnalyticsRangeInput)
    .output(ZUserAnalytics)
    .query(({ ctx, input }) => userAnalytics(ctx.deps, input)),
  cards: adminProcedure('analytics.read')
    .meta({
      openapi: {
        method: 'GET',
        path: '/analytics/cards/',
        tags: analyticsTags,
        summary: 'NFC cards by status, balances',
      },
    })
    .input(z.object({}))
    .output(ZCardAnalytics)
    .query(({ ctx }) => cardAnalytics(ctx.deps)),
  eventCategories: adminProcedure('analytics.read')
    .meta({
      openapi: {
        method: 'GET',
        path: '/analytics/event-categories/',
        tags: analyticsTags,
        summary: 'Events and tickets sold per category',
      },
    })
    .input(z.object({}))
    .output(ZEventCategoryAnalytics)
    .query(({ ctx }) => eventCategoryAnalytics(ctx.deps)),
});

export const adminCustomersRouter = router({
  list: adminProcedure('users.read')
    .meta({ openapi: { method: 'GET', path: '/customers/', tags: peopleTags, summary: 'Customers with filters' } })
    .input(ZCustomerListInput)
    .output(ZCustomerPage)
    .query(({ ctx, input }) => listCustomers(ctx.deps, input)),
  get: adminProcedure('users.read')
    .meta({
      openapi: {
        method: 'GET',
        path: '/customers/{id}/',
        tags: peopleTags,
        summary: 'A customer with bookings and cards',
      },
    })
    .input(ZUserIdInput)
    .output(ZCustomerDetail)
    .query(({ ctx, input }) => getCustomer(ctx.deps, input.id)),
  update: adminProcedure('users.write')
    .meta({
      openapi: {
        method: 'PUT',
        path: '/customers/{id}/',
        tags: peopleTags,
        summary: 'Update a customer (status, names)',
      },
    })
    .input(ZUpdateCustomerInput)
    .output(ZCustomerDetail)
    .mutation(({ ctx, input }) => updateCustomer(ctx.deps, ctx.actor, input, ctx.meta)),
  /** served as text/csv at GET /api/customers/export.csv */
  exportCsv: adminProcedure('users.read')
    .input(ZCustomerExportInput)
    .output(ZCsvExport)
    .query(({ ctx, input }) => customersCsv(ctx.deps, input)),
});

export const adminOrganizersRouter = router({
  list: adminProcedure('users.read')
    .meta({
      openapi: {
        method: 'GET',
        path: '/organizers/',
        tags: peopleTags,
        summary: 'Organizers with event counts and revenue',
      },
    })
    .input(ZOrganizerListInput)
    .output(ZOrganizerPage)
    .query(({ ctx, input }) => listOrganizers(ctx.deps, input)),
  /** served as text/csv at GET /api/organizers/export.csv */
  exportCsv: adminProcedure('users.read')
    .input(ZOrganizerExportInput)
    .output(ZCsvExport)
    .query(({ ctx, input }) => organizersCsv(ctx.deps, input)),
});

export const adminMerchantsRouter = router({
  list: adminProcedure('users.read')
    .meta({
      openapi: {
        method: 'GET',
        path: '/merchants/',
        tags: peopleTags,
        summary: 'Merchants with cards in stock and assigned',
      },
    })
    .input(ZPeopleListInput)
    .output(ZMerchantPage)
    .query(({ ctx, input }) => listMerchants(ctx.deps, input)),
  /** served as text/csv at GET /api/merchants/export.csv */
  exportCsv: adminProcedure('users.read')
    .input(ZPeopleExportInput)
    .output(ZCsvExport)
    .query(({ ctx, input }) => merchantsCsv(ctx.deps, input)),
});

export const adminUshersRouter = router({
  list: adminProcedure('users.read')
    .meta({ openapi: { method: 'GET', path: '/ushers/', tags: peopleTags, summary: 'Ushers with their assignments' } })
    .input(ZUsherListInput)
    .output(ZUsherPage)
    .query(({ ctx, input }) => listUshers(ctx.deps, input)),
  /** served as text/csv at GET /api/ushers/export.csv */
  exportCsv: adminProcedure('users.read')
    .input(ZUsherExportInput)
    .output(ZCsvExport)
    .query(({ ctx, input }) => ushersCsv(ctx.deps, input)),
  assignments: router({
    create: adminProcedure('users.write')
      .meta({
        openapi: {
          method: 'POST',
          path: '/ushers/{id}/assignments/',
          tags: peopleTags,
          summary: 'Assign an usher to an event (gate, check-in list)',
        },
      })
      .input(ZCreateUsherAssignmentInput)
      .output(ZUsherRow)
      .mutation(({ ctx, input }) => createUsherAssignment(ctx.deps, ctx.actor, input, ctx.meta)),
    remove: adminProcedure('users.write')
      .meta({
        openapi: {
          method: 'DELETE',
          path: '/ushers/{id}/assignments/{assignmentId}/',
          tags: peopleTags,
          summary: 'Remove an usher’s assignment',
        },
      })
      .input(ZRemoveUsherAssignmentInput)
      .output(ZUsherRow)
      .mutation(({ ctx, input }) => removeUsherAssignment(ctx.deps, ctx.actor, input, ctx.meta)),
  }),
});

/** Joined into `admin.users` (modules/admin/admin.router.ts keeps list/get/disable/enable/revokeSessions). */
export const backofficeUserProcedures = {
  create: adminProcedure('users.write')
    .meta({
      openapi: {
        method: 'POST',
        path: '/users/',
        tags: userTags,
        summary: 'Create an organizer, merchant or usher account',
      },
    })
    .input(ZCreateUserInput)
    .output(ZAdminUser)
    .mutation(({ ctx, input }) => createUser(ctx.deps, ctx.actor, input, ctx.meta)),
  update: adminProcedure('users.write')
    .meta({ openapi: { method: 'PUT', path: '/users/{id}/', tags: userTags, summary: 'Update an account' } })
    .input(ZUpdateUserInput)
    .output(ZAdminUser)
    .mutation(({ ctx, input }) => updateUser(ctx.deps, ctx.actor, input, ctx.meta)),
  delete: adminProcedure('users.write')
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/users/{id}/',
        tags: userTags,
        summary: 'Delete an account (soft: disabled, signed out; history kept)',
      },
    })
    .input(ZUserIdInput)
    .output(ZAdminUser)
    .mutation(({ ctx, input }) => deleteUser(ctx.deps, ctx.actor, input.id, ctx.meta)),
};

/** Joined into `admin.logs` (ops/ops.router.ts keeps `system`/`systemCsv`). */
export const backofficeLogProcedures = {
  checkin: adminProcedure('catalog.read')
    .meta({
      openapi: { method: 'GET', path: '/logs/checkin/', tags: ['admin: logs'], summary: 'Check-in log with filters' },
    })
    .input(ZCheckinLogListInput)
    .output(ZCheckinLogPage)
    .query(({ ctx, input }) => listCheckinLogs(ctx.deps, input)),
  /** served as text/csv at GET /api/logs/checkin/export.csv */
  checkinCsv: adminProcedure('catalog.read')
    .input(ZCheckinLogExportInput)
    .output(ZCsvExport)
    .query(({ ctx, input }) => checkinLogsCsv(ctx.deps, input)),
};
