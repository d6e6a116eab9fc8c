/**
 * Object-level access in one place (issue 3 "Authorization"). Services load a row, then hand it
 * here with its owner; anything not owned by the actor is answered exactly like an unknown id
 * (NOT_FOUND), so ids of other people's objects reveal nothing. Scopes that are not "one owner"
 * are enforced by the query itself: an usher's reads are filtered by the session's event, an
 * organizer's by `organizerId`, sessions by `userId`.
 *
 * Proven for every id-taking procedure by server/src/trpc/access-matrix.int.test.ts.
 */
import { AppError } from '../errors.ts';
import type { Actor } from '../trpc/context.ts';

export type OwnedKind = 'ticket' | 'order' | 'payment';

const LABEL: Record<OwnedKind, string> = { ticket: 'ticket', order: 'order', payment: 'payment' };

/** Returns `row` when `ownerId(row)` is the actor; throws NOT_FOUND for a missing or foreign row. */
export function requireOwned<T>(
  kind: OwnedKind,
  row: T | null | undefined,
  ownerId: (row: T) => string | null,
  actor: Actor,
): T {
  if (!row || ownerId(row) !== actor.user.id) throw new AppError('NOT_FOUND', `No such ${LABEL[kind]}.`);
  return row;
}
