/**
 * The seat picker of a reserved-seating event (issue 7 "Seating"; ADR 0019): an SVG map of the
 * sections with every seat a keyboard-focusable button (its label says section, row, seat, price
 * and state), colours per ticket category with a legend, and taken / held / selected states.
 * Choosing a seat places a hold (`customer.seating.hold`); choosing it again releases it. Holds
 * and sales by anyone arrive live on `event:<id>:seats` (`seats.changed`) and are applied to the
 * cached map; a lapsed hold turns available on its own (its `heldUntil` passes). The hold
 * countdown runs until the earliest of the caller's holds lapses; "Continue to checkout" books
 * the held seats (`customer.seating.book`) and opens the shared checkout page.
 */
import type { SeatsChangedPayload } from '@admit/shared';
import type { RouterOutputs } from '@admit/ui';
import { EmptyState, ErrorNotice, errorInfo, formatMoney, Spinner, trpc, useSocket } from '@admit/ui';
import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { isUnauthorized, loginPath, useMe } from '../../session.tsx';
import './seating.css';

type SeatMap = RouterOutputs['public']['seating']['map'];
type Seat = SeatMap['seats'][number];
type SeatView = 'available' | 'held' | 'sold' | 'blocked' | 'mine';

/** Category colours (distinguishable, WCAG AA against white for the legend text swatches). */
export const CATEGORY_COLOURS = ['#4b3bf5', '#0f9d58', '#c2410c', '#0e7490', '#a21caf', '#b45309', '#1d4ed8'];

const STATE_WORD: Record<SeatView, string> = {
  available: 'available',
  held: 'held by someone else',
  sold: 'sold',
  blocked: 'not for sale',
  mine: 'held for you',
};

/** The seat's state as shown now: a hold whose time has passed is available again. */
export function seatView(seat: Pick<Seat, 'status' | 'heldUntil' | 'mine'>, now: number): SeatView {
  if (seat.status === 'HELD') {
    if (seat.heldUntil && new Date(seat.heldUntil).getTime() <= now) return 'available';
    return seat.mine ? 'mine' : 'held';
  }
  return seat.status === 'SOLD' ? 'sold' : seat.status === 'BLOCKED' ? 'blocked' : 'available';
}

/** Applies a `seats.changed` message to the cached map (seats we hold keep `mine`). */
export function applySeatChanges(map: SeatMap, p: SeatsChangedPayload, mine: ReadonlySet<string>): SeatMap {
  const changed = new Map(p.seats.map((s) => [s.id, s]));
  return {
    ...map,
    seats: map.seats.map((s) => {
      const c = changed.get(s.id);
      if (!c) return s;
      return {
        ...s,
        status: c.status,
        heldUntil: c.status === 'HELD' && c.heldUntil ? new Date(c.heldUntil) : null,
        mine: c.status === 'HELD' && mine.has(s.id),
      };
    }),
  };
}

function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

const countdown = (ms: number) => {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export function SeatPicker({ eventId, eventSlug, onSale }: { eventId: string; eventSlug: string; onSale: boolean }) {
  const utils = trpc.useUtils();
  const map = trpc.public.seating.map.useQuery({ eventId });
  const me = useMe();
  const navigate = useNavigate();
  const now = useNow();
  const id = useId();
  const [notice, setNotice] = useState<string | null>(null);

  // live seat states (public room: signed-out visitors watch too)
  const { socket, connected } = useSocket(true);
  const [live, setLive] = useState(false);
  const mineRef = useRef<ReadonlySet<string>>(new Set());
  mineRef.current = new Set((map.data?.seats ?? []).filter((s) => s.mine).map((s) => s.id));
  useEffect(() => {
    if (!socket || !connected) {
      setLive(false);
      return;
    }
    const onChanged = (p: SeatsChangedPayload) => {
      if (p.eventId !== eventId) return;
      utils.public.seating.map.setData({ eventId }, (prev) =>
        prev ? applySeatChanges(prev, p, mineRef.current) : prev,
      );
    };
    socket.on('seats.changed', onChanged);
    socket.emit('seats.subscribe', eventId, (ack) => {
      setLive(ack.ok);
      // (re)joined: whatever happened while we were not in the room is in a fresh read
      if (ack.ok) void utils.public.seating.map.invalidate({ eventId });
    });
    return () => {
      socket.off('seats.changed', onChanged);
    };
  }, [socket, connected, eventId, utils]);

  const patchSeats = (ids: string[], patch: Partial<Seat>) =>
    utils.public.seating.map.setData({ eventId }, (prev) =>
      prev ? { ...prev, seats: prev.seats.map((s) => (ids.includes(s.id) ? { ...s, ...patch } : s)) } : prev,
    );

  const hold = trpc.customer.seating.hold.useMutation({
    onSuccess: (r) => {
      setNotice(null);
      patchSeats(r.seatIds, { status: 'HELD', heldUntil: r.heldUntil, mine: true });
    },
    onError: (err, vars) => {
      if (isUnauthorized(err)) return navigate(loginPath(`/events/${eventSlug}`));
      const info = errorInfo(err);
      if (info.httpStatus === 409 && info.appCode === 'CONFLICT') {
        const taken = info.fieldErrors.seatIds ?? vars.seatIds;
        patchSeats(taken, { status: 'HELD', heldUntil: null, mine: false });
        const labels = (map.data?.seats ?? []).filter((s) => taken.includes(s.id)).map((s) => s.label);
        setNotice(`Sorry — ${labels.join(', ') || 'that seat'} was just taken by someone else. Choose another seat.`);
        void utils.public.seating.map.invalidate({ eventId });
      } else setNotice(info.message);
    },
  });
  const release = trpc.customer.seating.release.useMutation({
    onSuccess: (r) => {
      setNotice(null);
      patchSeats(r.seatIds, { status: 'AVAILABLE', heldUntil: null, mine: false });
    },
    onError: (err) => {
      setNotice(errorInfo(err).message);
      void utils.public.seating.map.invalidate({ eventId });
    },
  });
  const book = trpc.customer.seating.book.useMutation({
    onSuccess: (order) => navigate(`/checkout/${order.id}`),
    onError: () => void utils.public.seating.map.invalidate({ eventId }),
  });

  const data = map.data;
  const colourOf = useMemo(
    () => new Map((data?.categories ?? []).map((c, i) => [c.id, CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]!])),
    [data?.categories],
  );
  const held = (data?.seats ?? []).filter((s) => seatView(s, now) === 'mine');
  const earliest = held.reduce<number | null>((m, s) => {
    const t = s.heldUntil ? new Date(s.heldUntil).getTime() : null;
    return t === null ? m : m === null ? t : Math.min(m, t);
  }, null);
  const category = new Map((data?.categories ?? []).map((c) => [c.id, c]));
  const currency = data?.categories[0]?.currency ?? 'EGP';
  const total = held.reduce((sum, s) => sum + s.priceMinor, 0);
  const busy = hold.isPending || release.isPending || book.isPending;

  // the hold lapsed while the page was open: a fresh read shows what is left
  const lapsed = earliest !== null && earliest <= now;
  useEffect(() => {
    if (lapsed) {
      setNotice('Your hold lapsed and the seats went back on sale. Choose again.');
      void utils.public.seating.map.invalidate({ eventId });
    }
  }, [lapsed, utils, eventId]);

  if (map.isPending) return <Spinner label="Loading the seat map…" />;
  if (map.isError || !data) return <ErrorNotice error={map.error} onRetry={() => void map.refetch()} />;
  if (data.seats.length === 0) return <EmptyState title="No seats are on sale for this event yet" />;

  const choose = (seat: Seat) => {
    if (busy || !onSale) return;
    const view = seatView(seat, now);
    if (!me.data && !me.isPending) {
      navigate(loginPath(`/events/${eventSlug}`));
      return;
    }
    if (view === 'mine') release.mutate({ eventId, seatIds: [seat.id] });
    else if (view === 'available') hold.mutate({ eventId, seatIds: [seat.id] });
    else setNotice(`${seat.label} is ${STATE_WORD[view]}.`);
  };
  const onKey = (e: KeyboardEvent, seat: Seat) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      choose(seat);
    }
  };

  // the drawing is cropped to the seats (maps are drawn on a larger canvas), the stage above them
  const xs = data.seats.map((s) => s.x);
  const ys = data.seats.map((s) => s.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const box = {
    x: minX - 30,
    y: minY - 90,
    w: Math.max(maxX - minX + 60, 200),
    h: maxY - minY + 110,
    stageX: minX + (maxX - minX) * 0.2,
    stageW: Math.max((maxX - minX) * 0.6, 80),
    stageY: minY - 80,
  };
  // section captions above each section's seats
  const captions = data.sections.map((sec) => {
    const seats = data.seats.filter((s) => s.sectionId === sec.id);
    const minX = Math.min(...seats.map((s) => s.x));
    const maxX = Math.max(...seats.map((s) => s.x));
    const minY = Math.min(...seats.map((s) => s.y));
    return { id: sec.id, name: sec.name, x: (minX + maxX) / 2, y: minY - 16, empty: seats.length === 0 };
  });

  return (
    <section className="ui-card seat-picker" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} style={{ marginTop: 0 }}>
        Choose your seats
      </h2>
      <ul className="seat-legend" aria-label="Legend">
        {data.categories
          .filter((c) => data.seats.some((s) => s.categoryId === c.id))
          .map((c) => (
            <li key={c.id}>
              <span className="seat-swatch" style={{ background: colourOf.get(c.id) }} aria-hidden="true" />
              {c.name} · {formatMoney(c.priceMinor, c.currency)}
            </li>
          ))}
        <li>
          <span className="seat-swatch seat-swatch--mine" aria-hidden="true" /> Your seats
        </li>
        <li>
          <span className="seat-swatch seat-swatch--held" aria-hidden="true" /> Held
        </li>
        <li>
          <span className="seat-swatch seat-swatch--sold" aria-hidden="true" /> Sold
        </li>
      </ul>
      <div className="seat-layout">
        <div className="seat-map-wrap">
          {/* biome-ignore lint/a11y/useSemanticElements: an SVG drawing cannot be a <fieldset>; role="group" names the map */}
          <svg
            className="seat-map"
            viewBox={`${box.x} ${box.y} ${box.w} ${box.h}`}
            role="group"
            aria-label={`Seat map: ${data.name}`}
            data-testid="seat-map"
            data-live={live ? 'on' : 'off'}
          >
            <rect x={box.stageX} y={box.stageY} width={box.stageW} height={28} rx={6} className="seat-stage" />
            <text x={box.stageX + box.stageW / 2} y={box.stageY + 19} textAnchor="middle" className="seat-stage-label">
              STAGE
            </text>
            {captions
              .filter((c) => !c.empty)
              .map((c) => (
                <text key={c.id} x={c.x} y={c.y} textAnchor="middle" className="seat-section-label">
                  {c.name}
                </text>
              ))}
            {data.seats.map((seat) => {
              const view = seatView(seat, now);
              const cat = category.get(seat.categoryId);
              const label = `${seat.label}, ${cat?.name ?? ''} ${formatMoney(seat.priceMinor, currency)}, ${STATE_WORD[view]}${seat.accessible ? ', wheelchair accessible' : ''}`;
              return (
                // biome-ignore lint/a11y/useSemanticElements: an SVG seat cannot be a <button>; role + keys make it one
                <g
                  key={seat.id}
                  role="button"
                  tabIndex={0}
                  aria-label={label}
                  aria-pressed={view === 'mine'}
                  aria-disabled={view === 'sold' || view === 'blocked' || view === 'held' || !onSale}
                  className={`seat seat--${view}`}
                  data-testid="seat"
                  data-seat-id={seat.id}
                  data-status={view}
                  onClick={() => choose(seat)}
                  onKeyDown={(e) => onKey(e, seat)}
                >
                  <title>{label}</title>
                  <circle
                    cx={seat.x}
                    cy={seat.y}
                    r={9}
                    style={
                      view === 'available' || view === 'mine' ? { fill: colourOf.get(seat.categoryId) } : undefined
                    }
                  />
                  {view === 'mine' && <path d={`M${seat.x - 4} ${seat.y} l3 3 l5 -6`} className="seat-check" />}
                </g>
              );
            })}
          </svg>
        </div>
        <aside className="seat-summary" aria-labelledby={`${id}-sel`}>
          <h3 id={`${id}-sel`} style={{ marginTop: 0 }}>
            Your seats
          </h3>
          {notice && (
            <div className="notice notice--warn" role="alert" data-testid="seat-notice">
              {notice}
            </div>
          )}
          {!onSale ? (
            <p className="muted">Not on sale.</p>
          ) : held.length === 0 ? (
            <p className="muted">
              Choose seats on the map. Each seat you pick is held for you for {data.holdMinutes} minutes.
            </p>
          ) : (
            <>
              <ul className="seat-chosen" data-testid="seat-selection">
                {held.map((s) => (
                  <li key={s.id}>
                    <span>{s.label}</span>
                    <span>{formatMoney(s.priceMinor, currency)}</span>
                  </li>
                ))}
              </ul>
              <div className="booking__total">
                <span>Total</span>
                <span data-testid="seat-total">{formatMoney(total, currency)}</span>
              </div>
              {earliest !== null && (
                <p className="seat-countdown" role="timer" aria-live="off" data-testid="hold-countdown">
                  Held for you for <strong>{countdown(Math.min(earliest - now, data.holdMinutes * 60_000))}</strong>
                </p>
              )}
            </>
          )}
          <ErrorNotice error={book.error && !isUnauthorized(book.error) ? book.error : null} />
          <button
            type="button"
            className="ui-button"
            disabled={held.length === 0 || busy || !onSale}
            onClick={() => book.mutate({ eventId, seatIds: held.map((s) => s.id) })}
          >
            {book.isPending ? 'Booking…' : 'Continue to checkout'}
          </button>
          {!me.data && !me.isPending && onSale && (
            <p className="muted small" style={{ textAlign: 'center', marginBottom: 0 }}>
              You'll be asked to sign in first.
            </p>
          )}
        </aside>
      </div>
    </section>
  );
}
