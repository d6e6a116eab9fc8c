/** A short ticker of the latest scans at any gate of the event (socket `scan.recorded`). */
import { RESULT_LABELS, timeInZone } from '../lib/format.ts';
import { useUsherSession } from '../session.tsx';

export function RecentScans() {
  const { recent, event, live } = useUsherSession();
  return (
    <section className="us-panel" data-testid="recent-scans" aria-labelledby="recent-title">
      <div className="us-panel__head">
        <h2 id="recent-title">Recent scans</h2>
        <span className="us-muted us-small">all gates</span>
      </div>
      {recent.length === 0 ? (
        <p className="us-muted us-small us-recent__empty">
          {live === 'live'
            ? 'Scans at any gate of this event appear here as they happen.'
            : 'Waiting for the live feed…'}
        </p>
      ) : (
        <ol className="us-recent" aria-live="polite">
          {recent.map((s) => (
            <li key={s.checkInId} className="us-recent__item">
              <span className={`us-result-pill us-result-pill--${s.result}`}>{RESULT_LABELS[s.result]}</span>
              <span className="us-recent__name">{s.attendeeName ?? 'Unknown code'}</span>
              <span className="us-recent__meta">
                {s.gateName ?? 'No gate'} · {timeInZone(s.at, event.timeZone)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
