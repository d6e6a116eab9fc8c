/** Admin back office: users, admins, audit log (seed 003 Plan 2 Phases 7 and 9). */
import {
  ZAdminUser,
  ZAdminUserPage,
  ZAdminUsersInput,
  ZAuditFilters,
  ZAuditListInput,
  ZAuditPage,
  ZCreateAdminInput,
  ZRevokedCount,
  ZSetAdminLevelInput,
  ZUserIdInput,
} from '@admit/shared';
import { jobsAdminRouter, systemLogsRouter } from '../../ops/ops.router.ts';
import { router } from '../../trpc/init.ts';
import { adminProcedure } from '../../trpc/procedures.ts';
import { adminAccountRouter } from '../account/account.router.ts';
import { auditCsv, listAudit } from '../audit/audit.service.ts';
import { createAdmin, getUser, listUsers, revokeUserSessions, setAdminLevel, setUserStatus } from './admin.service.ts';

const tags = ['admin: users'];

export const adminRouter = router({
  ...adminAccountRouter._def.record,
  users: router({
    list: adminProcedure('users.read')
      .meta({ openapi: { method: 'GET', path: '/users/', tags, summary: 'Users with filters' } })
      .input(ZAdminUsersInput)
      .output(ZAdminUserPage)
      .query(({ ctx, input }) => listUsers(ctx.deps, input)),
    get: adminProcedure('users.read')
      .meta({ openapi: { method: 'GET', path: '/users/{id}/', tags, summary: 'One user' } })
      .input(ZUserIdInput)
      .output(ZAdminUser)
      .query(({ ctx, input }) => getUser(ctx.deps, input.id)),
    disable: adminProcedure('users.write')
      .meta({
        openapi: { method: 'POST', path: '/users/{id}/disable/', tags, summary: 'Disable an account (signs it out)' },
      })
      .input(ZUserIdInput)
      .output(ZAdminUser)
      .mutation(({ ctx, input }) => setUserStatus(ctx.deps, ctx.actor, input.id, 'DISABLED', ctx.meta)),
    enable: adminProcedure('users.write')
      .meta({ openapi: { method: 'POST', path: '/users/{id}/enable/', tags, summary: 'Enable an account' } })
      .input(ZUserIdInput)
      .output(ZAdminUser)
      .mutation(({ ctx, input }) => setUserStatus(ctx.deps, ctx.actor, input.id, 'ACTIVE', ctx.meta)),
    revokeSessions: adminProcedure('users.write')
      .meta({
        openapi: { method: 'POST', path: '/users/{id}/revoke-sessions/', tags, summary: 'Sign a user out everywhere' },
      })
      .input(ZUserIdInput)
      .output(ZRevokedCount)
      .mutation(({ ctx, input }) => revokeUserSessions(ctx.deps, ctx.actor, input.id, ctx.meta)),
  }),
  admins: router({
    create: adminProcedure('admins.manage')
      .meta({ openapi: { method: 'POST', path: '/admins/', tags, summary: 'Create an admin (super-admins only)' } })
      .input(ZCreateAdminInput)
      .output(ZAdminUser)
      .mutation(({ ctx, input }) => createAdmin(ctx.deps, ctx.actor, input, ctx.meta)),
    setLevel: adminProcedure('admins.manage')
      .meta({ openapi: { method: 'POST', path: '/admins/{id}/level/', tags, summary: 'Change an admin’s level' } })
      .input(ZSetAdminLevelInput)
      .output(ZAdminUser)
      .mutation(({ ctx, input }) => setAdminLevel(ctx.deps, ctx.actor, input.id, input.level, ctx.meta)),
  }),
  logs: systemLogsRouter,
  jobs: jobsAdminRouter,
  audit: router({
    list: adminProcedure('audit.read')
      .meta({
        openapi: { method: 'GET', path: '/logs/audit/', tags: ['admin: logs'], summary: 'Audit log with filters' },
      })
      .input(ZAuditListInput)
      .output(ZAuditPage)
      .query(({ ctx, input }) => listAudit(ctx.deps, input)),
    /** served as text/csv at GET /api/logs/audit/export.csv (http/app.ts) */
    exportCsv: adminProcedure('audit.read')
      .input(ZAuditFilters)
      .query(async ({ ctx, input }) => ({ csv: await auditCsv(ctx.deps, input) })),
  }),
});
