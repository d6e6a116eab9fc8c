/**
 * Part-time leave (start/end with a reason, history) and incident reports (seed 003 Plan 5
 * Phase 2.4, Plan 6 Phase 5: `POST/GET /api/usher/scan/part-time-leave/`, `POST /api/usher/scan/report/`).
 * Both need the network; offline the forms say so instead of failing.
 */
import type { TIncidentCategory, TIncidentSeverity } from '@admit/shared';
import { EmptyState, ErrorNotice, Spinner, trpc } from '@admit/ui';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { dateTimeInZone } from '../lib/format.ts';
import { useOnline, useUsherSession } from '../session.tsx';

export function DutyPage() {
  return (
    <div className="us-duty">
      <LeavePanel />
      <IncidentPanel />
    </div>
  );
}

const LEAVE_REASONS = ['Break', 'Meal', 'Restroom', 'Called by supervisor', 'Helping another gate', 'Other'];

function duration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  if (m < 1) return 'under a minute';
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

function LeavePanel() {
  const { event } = useUsherSession();
  const online = useOnline();
  const utils = trpc.useUtils();
  const history = trpc.usher.scan.partTimeLeaveHistory.useQuery({}, { staleTime: 10_000 });
  const [reason, setReason] = useState(LEAVE_REASONS[0]!);
  const [other, setOther] = useState('');
  const id = useId();
  const leave = trpc.usher.scan.partTimeLeave.useMutation({
    onSuccess: () => void utils.usher.scan.partTimeLeaveHistory.invalidate(),
  });
  const open = history.data?.find((l) => l.endedAt === null) ?? null;
  const [, tick] = useState(0);
  useEffect(() => {
    if (!open) return;
    const t = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(t);
  }, [open]);

  function start(e: FormEvent) {
    e.preventDefault();
    const text = reason === 'Other' ? other.trim() : reason;
    if (!text) return;
    leave.mutate({ action: 'START', reason: text.slice(0, 200) });
  }

  return (
    <section className="us-panel" aria-labelledby="leave-title" data-testid="leave-panel">
      <div className="us-panel__head">
        <h2 id="leave-title">Part-time leave</h2>
        {open && (
          <span className="us-chip us-chip--away" data-testid="leave-state">
            On leave
          </span>
        )}
      </div>
      {!online && <p className="us-note">Leave is recorded on the server: connect to start or end it.</p>}
      {open ? (
        <div className="us-leave-open">
          <p>
            Away since <strong>{dateTimeInZone(open.startedAt, event.timeZone)}</strong> ({open.reason},{' '}
            {duration((Date.now() - open.startedAt.getTime()) / 1000)}).
          </p>
          <button
            type="button"
            className="us-btn us-btn--primary us-btn--block"
            disabled={!online || leave.isPending}
            aria-busy={leave.isPending}
            onClick={() => leave.mutate({ action: 'END' })}
          >
            I am back at the gate
          </button>
        </div>
      ) : (
        <form onSubmit={start} className="us-form">
          <div className="ui-field">
            <label htmlFor={`${id}-reason`}>Reason</label>
            <select
              id={`${id}-reason`}
              className="us-select"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            >
              {LEAVE_REASONS.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </div>
          {reason === 'Other' && (
            <div className="ui-field">
              <label htmlFor={`${id}-other`}>Say why</label>
              <input
                id={`${id}-other`}
                className="us-input"
                value={other}
                onChange={(e) => setOther(e.target.value)}
                maxLength={200}
                required
              />
            </div>
          )}
          <button
            type="submit"
            className="us-btn us-btn--secondary us-btn--block"
            disabled={!online || leave.isPending || (reason === 'Other' && !other.trim())}
            aria-busy={leave.isPending}
          >
            Start leave
          </button>
        </form>
      )}
      {leave.error && <ErrorNotice error={leave.error} />}

      <h3 className="us-subhead">History</h3>
      {history.isPending && history.fetchStatus === 'paused' ? (
        <p className="us-muted us-small">The history needs the network.</p>
      ) : history.isPending ? (
        <Spinner label="Loading your leave…" />
      ) : history.error ? (
        <ErrorNotice error={history.error} onRetry={() => void history.refetch()} />
      ) : history.data.length === 0 ? (
        <EmptyState title="No leave taken at this event" />
      ) : (
        <ul className="us-list" data-testid="leave-history">
          {history.data.map((l) => (
            <li key={l.id} className="us-list__item">
              <span>{l.reason}</span>
              <span className="us-muted us-small">
                {dateTimeInZone(l.startedAt, event.timeZone)} –{' '}
                {l.endedAt ? dateTimeInZone(l.endedAt, event.timeZone) : 'now'} · {duration(l.durationSeconds)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const CATEGORY_LABELS: Record<TIncidentCategory, string> = {
  SCAN_ISSUE: 'Scan issue',
  SECURITY: 'Security',
  MEDICAL: 'Medical',
  CROWD: 'Crowd',
  EQUIPMENT: 'Equipment',
  OTHER: 'Other',
};
// type-only imports from @admit/shared: a value import would ship zod and every schema to the gate
const CATEGORIES = Object.keys(CATEGORY_LABELS) as TIncidentCategory[];
const SEVERITIES: TIncidentSeverity[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

function IncidentPanel() {
  const online = useOnline();
  const id = useId();
  const [category, setCategory] = useState<TIncidentCategory>('SCAN_ISSUE');
  const [severity, setSeverity] = useState<TIncidentSeverity>('LOW');
  const [description, setDescription] = useState('');
  const [subject, setSubject] = useState('');
  const [error, setError] = useState<string | null>(null);
  const report = trpc.usher.scan.report.useMutation({
    onSuccess: () => {
      setDescription('');
      setSubject('');
      setSeverity('LOW');
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const text = description.trim();
    if (!text) {
      setError('Describe what happened.');
      return;
    }
    setError(null);
    report.mutate({
      category,
      severity,
      description: text.slice(0, 2000),
      ...(subject.trim() ? { subjectRef: subject.trim().slice(0, 64) } : {}),
    });
  }

  return (
    <section className="us-panel" aria-labelledby="report-title" data-testid="incident-panel">
      <div className="us-panel__head">
        <h2 id="report-title">Report an incident</h2>
      </div>
      {!online && <p className="us-note">Reports go straight to the control room: connect to send one.</p>}
      <form onSubmit={submit} className="us-form" noValidate>
        <div className="us-form__row">
          <div className="ui-field">
            <label htmlFor={`${id}-cat`}>Category</label>
            <select
              id={`${id}-cat`}
              className="us-select"
              value={category}
              onChange={(e) => setCategory(e.target.value as TIncidentCategory)}
            >
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {CATEGORY_LABELS[c]}
                </option>
              ))}
            </select>
          </div>
          <div className="ui-field">
            <label htmlFor={`${id}-sev`}>Severity</label>
            <select
              id={`${id}-sev`}
              className="us-select"
              value={severity}
              onChange={(e) => setSeverity(e.target.value as TIncidentSeverity)}
            >
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s.charAt(0) + s.slice(1).toLowerCase()}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="ui-field">
          <label htmlFor={`${id}-desc`}>What happened</label>
          <textarea
            id={`${id}-desc`}
            className="us-input us-textarea"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            maxLength={2000}
            rows={4}
            aria-invalid={!!error}
          />
          {error && <span className="ui-field__error">{error}</span>}
        </div>
        <div className="ui-field">
          <label htmlFor={`${id}-subj`}>Ticket reference or card UID (optional)</label>
          <input
            id={`${id}-subj`}
            className="us-input"
            value={subject}
            onChange={(e) => setSubject(e.target.value)}
            maxLength={64}
            autoCapitalize="none"
            spellCheck={false}
          />
        </div>
        {(severity === 'HIGH' || severity === 'CRITICAL') && (
          <p className="us-note">High and critical reports alert the control room immediately.</p>
        )}
        <button
          type="submit"
          className="us-btn us-btn--primary us-btn--block"
          disabled={!online || report.isPending}
          aria-busy={report.isPending}
        >
          Send report
        </button>
      </form>
      {report.error && <ErrorNotice error={report.error} />}
      {report.data && !report.isPending && (
        <p className="us-notice" role="status" data-testid="report-sent">
          Report sent ({CATEGORY_LABELS[report.data.category]}, {report.data.severity.toLowerCase()}).
        </p>
      )}
    </section>
  );
}
