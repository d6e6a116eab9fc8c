/** Live admitted counts: total vs capacity and per gate (usher.events.gateCounts + socket `gate.counts`). */
import { EmptyState, ErrorNotice, Spinner, trpc } from '@admit/ui';
import { useEffect, useRef, useState } from 'react';
import { timeInZone } from '../lib/format.ts';
import { useUsherSession } from '../session.tsx';

export function GateCounts() {
  const { event, live } = useUsherSession();
  // the socket keeps this current; poll slowly only while the live feed is down
  const counts = trpc.usher.events.gateCounts.useQuery(
    { id: event.id },
    { staleTime: 5_000, refetchInterval: live === 'live' ? false : 20_000 },
  );
  const data = counts.data;
  const bump = useBump(data?.admitted);

  return (
    <section className="us-panel us-counts" data-testid="gate-counts" aria-labelledby="counts-title">
      <div className="us-panel__head">
        <h2 id="counts-title">Admitted</h2>
        {data && (
          <span className="us-muted us-small" title="Last update">
            {live === 'live' ? 'Live · ' : ''}updated {timeInZone(data.at, event.timeZone)}
          </span>
        )}
      </div>
      {counts.isPending && counts.fetchStatus === 'paused' ? (
        <p className="us-muted us-small" data-testid="counts-offline">
          Offline: the counts come back with the network.
        </p>
      ) : counts.isPending ? (
        <Spinner label="Loading counts…" />
      ) : counts.error && !data ? (
        <ErrorNotice error={counts.error} onRetry={() => void counts.refetch()} />
      ) : data ? (
        <>
          <p className="us-counts__total">
            <span className={`us-counts__number${bump ? ' us-bump' : ''}`} data-testid="admitted-total">
              {data.admitted}
            </span>
            <span className="us-counts__capacity">
              of <span data-testid="capacity">{data.capacity}</span> capacity
            </span>
          </p>
          <p className="us-muted us-small" data-testid="inside-total">
            Inside now: <strong>{data.inside}</strong>
          </p>
          <div className="us-meter" aria-hidden="true">
            <span style={{ width: `${Math.min(100, data.capacity ? (data.admitted / data.capacity) * 100 : 0)}%` }} />
          </div>
          {data.gates.length === 0 ? (
            <EmptyState title="No gates at this venue" />
          ) : (
            <ul className="us-counts__gates">
              {data.gates.map((g) => {
                const mine = g.gateId !== null && g.gateId === event.gate?.id;
                return (
                  <li
                    key={g.gateId ?? 'none'}
                    className={mine ? 'us-counts__gate us-counts__gate--mine' : 'us-counts__gate'}
                    data-testid={`gate-count-${g.gateName}`}
                  >
                    <span>
                      {g.gateName}
                      {mine && <span className="us-mine-tag">your gate</span>}
                    </span>
                    <strong>{g.admitted}</strong>
                  </li>
                );
              })}
            </ul>
          )}
          {counts.error && (
            <p className="us-small us-warn-text">Could not refresh the counts; showing the last known.</p>
          )}
        </>
      ) : null}
    </section>
  );
}

/** true for a moment after `value` changes, to draw the eye to a moving number */
function useBump(value: number | undefined): boolean {
  const [bump, setBump] = useState(false);
  const prev = useRef(value);
  useEffect(() => {
    if (prev.current !== undefined && value !== undefined && value !== prev.current) {
      setBump(true);
      const t = setTimeout(() => setBump(false), 700);
      prev.current = value;
      return () => clearTimeout(t);
    }
    prev.current = value;
  }, [value]);
  return bump;
}
