/**
 * A customer's dependents (seed 003 Plan 1 Phase 6 `…/users/dependents/`): people attending with
 * them, e.g. children. Every query is scoped by `customerId = caller` — another customer's
 * dependent answers NOT_FOUND exactly like an unknown id, and nothing changes.
 */
import type { TCreateDependentInput, TDependent, TUpdateDependentInput } from '@admit/shared';
import type { Prisma } from '../../db/generated/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../trpc/context.ts';

const dependentSelect = {
  id: true,
  firstName: true,
  lastName: true,
  relationship: true,
  dateOfBirth: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.DependentSelect;
type DependentRow = Prisma.DependentGetPayload<{ select: typeof dependentSelect }>;

/** A `@db.Date` comes back as UTC midnight: the calendar date is its ISO date part. */
const toDependent = (d: DependentRow): TDependent => ({
  ...d,
  dateOfBirth: d.dateOfBirth ? d.dateOfBirth.toISOString().slice(0, 10) : null,
});

const dateOf = (v: string | null | undefined) =>
  v === undefined ? undefined : v === null ? null : new Date(`${v}T00:00:00Z`);

/** `GET /api/v1/users/dependents/`: all of the caller's dependents, oldest first. */
export async function listDependents(deps: Pick<Deps, 'db'>, actor: Actor): Promise<{ items: TDependent[] }> {
  const rows = await deps.db.dependent.findMany({
    where: { customerId: actor.user.id },
    select: dependentSelect,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return { items: rows.map(toDependent) };
}

/** `POST /api/v1/users/dependents/`: adds one. */
export async function createDependent(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  input: TCreateDependentInput,
): Promise<TDependent> {
  const row = await deps.db.dependent.create({
    data: {
      customerId: actor.user.id,
      firstName: input.firstName,
      lastName: input.lastName,
      relationship: input.relationship,
      dateOfBirth: dateOf(input.dateOfBirth) ?? null,
    },
    select: dependentSelect,
  });
  return toDependent(row);
}

/**
 * `PUT /api/v1/users/dependents/{id}/`: changes the fields given. One conditional UPDATE scoped
 * to the caller. Errors: NOT_FOUND (unknown or another customer's).
 */
export async function updateDependent(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  input: TUpdateDependentInput,
): Promise<TDependent> {
  const { id, dateOfBirth, ...rest } = input;
  const { count } = await deps.db.dependent.updateMany({
    where: { id, customerId: actor.user.id },
    data: { ...rest, ...(dateOfBirth !== undefined ? { dateOfBirth: dateOf(dateOfBirth) } : {}) },
  });
  if (count === 0) throw new AppError('NOT_FOUND', 'No such dependent.');
  return toDependent(await deps.db.dependent.findUniqueOrThrow({ where: { id }, select: dependentSelect }));
}

/** `DELETE /api/v1/users/dependents/{id}/`. Errors: NOT_FOUND (unknown or another customer's). */
export async function deleteDependent(deps: Pick<Deps, 'db'>, actor: Actor, id: string): Promise<{ ok: true }> {
  const { count } = await deps.db.dependent.deleteMany({ where: { id, customerId: actor.user.id } });
  if (count === 0) throw new AppError('NOT_FOUND', 'No such dependent.');
  return { ok: true };
}
