/**
 * Test and bench fixtures for reserved seating: an admin, a generated seat map at the fixture
 * event's venue and its assignment (Standard ← section "Stalls", VIP ← section "Box").
 */
import { hashPassword } from '../../auth/password.ts';
import type { AppDeps } from '../../deps.ts';
import { requestDeps } from '../../deps.ts';
import type { Actor } from '../../trpc/context.ts';
import { assignSeatMapToEvent, createSeatMap } from './seat-maps.service.ts';

/** A SUPER_ADMIN user id with a unique e-mail. */
export async function makeSeatingAdmin(deps: AppDeps): Promise<string> {
  const u = await deps.db.user.create({
    data: {
      role: 'ADMIN',
      adminLevel: 'SUPER_ADMIN',
      email: `seating-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}@admit.test`,
      firstName: 'Seat',
      lastName: 'Admin',
      passwordHash: await hashPassword('correct horse 1'),
    },
  });
  return u.id;
}

/**
 * Creates a map "Hall" at `venueId` with section Stalls (`rows` × `perRow`) and Box (1 × `box`),
 * and assigns it to `eventId`: Stalls → `standardId`, Box → `vipId`. Returns seat ids by label
 * ("Stalls A-1", "Box A-2").
 */
export async function seatEvent(
  deps: AppDeps,
  admin: Actor,
  ev: { venueId: string; eventId: string; standardId: string; vipId: string },
  opts: { rows?: number; perRow?: number; box?: number; name?: string } = {},
) {
  const d = requestDeps(deps);
  const rows = opts.rows ?? 3;
  const perRow = opts.perRow ?? 10;
  const map = await createSeatMap(d, admin, {
    venueId: ev.venueId,
    name: opts.name ?? 'Hall',
    width: Math.max(1000, perRow * 24 + 40),
    height: Math.max(800, rows * 28 + 200),
    sections: [
      { name: 'Stalls', generate: generator(rows, perRow, 20, 20) },
      { name: 'Box', generate: generator(1, opts.box ?? 4, 20, rows * 28 + 60) },
    ],
  });
  const stalls = map.sections.find((s) => s.name === 'Stalls')!;
  const box = map.sections.find((s) => s.name === 'Box')!;
  await assignSeatMapToEvent(d, admin, {
    eventId: ev.eventId,
    seatMapId: map.id,
    categoryBySection: { [stalls.id]: ev.standardId, [box.id]: ev.vipId },
  });
  const seat = new Map<string, string>();
  for (const s of map.sections) for (const x of s.seats) seat.set(`${s.name} ${x.row}-${x.number}`, x.id);
  return { map, seat: (label: string) => seat.get(label)! };
}

function generator(rows: number, seatsPerRow: number, x: number, y: number) {
  return {
    rows,
    seatsPerRow,
    origin: { x, y },
    spacing: { x: 24, y: 28 },
    rowLabels: 'letters' as const,
  };
}
