/**
 * The full-screen answer to a scan: colour, headline and the attendee, readable at arm's length
 * (seed 003 Plan 5 Phase 2: name, photo, card id, tier, ticket and scan status, emergency
 * contact, blood type, labels, dependents). Answers decided on the device carry an "Offline"
 * badge; with a cache older than 24 h they also say "unverified".
 */
import type { TAttendee, TCheckInResult, TScanDirection } from '@admit/shared';
import { errorInfo, Spinner } from '@admit/ui';
import { useEffect, useRef, useState } from 'react';
import { shortCode } from '../lib/codes.ts';
import { isNetworkError, isSignedOut } from '../lib/errors.ts';
import { ago, initials, timeInZone } from '../lib/format.ts';
import { type GateAnswer, NoOfflineDataError } from '../offline/scan.ts';

export type ScanMethod = 'QR' | 'NFC' | 'MANUAL';

export interface ScanRequest {
  /** exactly one of qr / cardUid */
  qr?: string;
  cardUid?: string;
  method: ScanMethod;
}

export type Overlay =
  | { kind: 'pending'; req: ScanRequest; retry: number; decideNow?: () => void }
  | { kind: 'result'; req: ScanRequest; answer: GateAnswer }
  | { kind: 'error'; req: ScanRequest; error: unknown };

const AUTO_CLOSE_MS = 6000;

const HEADLINES: Record<TCheckInResult, string> = {
  VALID: 'Admit',
  ALREADY_SCANNED: 'Already scanned',
  INVALID: 'Invalid',
  NOT_FOUND: 'Not found',
};
const EXIT_HEADLINES: Record<TCheckInResult, string> = {
  VALID: 'Exit recorded',
  ALREADY_SCANNED: 'Already out',
  INVALID: 'Cannot exit',
  NOT_FOUND: 'Not found',
};

const METHOD_LABEL: Record<ScanMethod, string> = { QR: 'QR code', NFC: 'NFC card', MANUAL: 'Typed code' };

const OFFLINE_CAUSE = {
  offline: 'This device is offline',
  unreachable: 'The server did not answer',
  skipped: 'You chose not to wait for the server',
} as const;

export function ScanOverlay({
  overlay,
  timeZone,
  onClose,
  onRetry,
  onSignIn,
}: {
  overlay: Overlay;
  timeZone: string;
  onClose: () => void;
  onRetry: () => void;
  onSignIn: () => void;
}) {
  const next = useRef<HTMLButtonElement>(null);
  const kind = overlay.kind;

  useEffect(() => {
    if (kind !== 'pending') next.current?.focus();
  }, [kind]);

  useEffect(() => {
    if (kind === 'pending') return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [kind, onClose]);

  if (overlay.kind === 'pending') {
    return (
      <div
        className="us-overlay us-overlay--pending"
        data-testid="scan-pending"
        role="dialog"
        aria-modal="true"
        aria-label="Checking"
      >
        <div className="us-overlay__body us-overlay__body--center">
          <Spinner label={overlay.retry > 0 ? `No answer yet — trying again (${overlay.retry} of 3)…` : 'Checking…'} />
          <p className="us-overlay__code">{describeCode(overlay.req)}</p>
          {overlay.retry > 0 && overlay.decideNow && (
            <button type="button" className="us-btn us-btn--light us-btn--block" onClick={overlay.decideNow}>
              Check on this device now
            </button>
          )}
        </div>
      </div>
    );
  }

  if (overlay.kind === 'error') {
    const signedOut = isSignedOut(overlay.error);
    const noData = overlay.error instanceof NoOfflineDataError;
    const network = !noData && isNetworkError(overlay.error);
    const info = errorInfo(overlay.error);
    return (
      <div
        className="us-overlay us-overlay--error"
        data-testid="scan-error"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="scan-error-title"
      >
        <div className="us-overlay__body">
          <h2 id="scan-error-title" className="us-overlay__headline">
            {signedOut ? 'Signed out' : noData ? 'Cannot check offline' : network ? 'No connection' : 'Scan failed'}
          </h2>
          <p className="us-overlay__message">
            {signedOut
              ? 'Your session has ended. Sign in again to keep scanning.'
              : noData
                ? `${overlay.error instanceof Error ? overlay.error.message : ''} Do not admit yet: connect once so the device can download the attendee list.`
                : network
                  ? 'The server could not be reached, so this code was not checked. Do not admit yet.'
                  : info.message}
          </p>
          {Object.entries(info.fieldErrors).map(([field, msgs]) => (
            <p key={field} className="us-overlay__hint">
              {msgs.join(', ')}
            </p>
          ))}
          <p className="us-overlay__code">{describeCode(overlay.req)}</p>
          <div className="us-overlay__actions">
            {signedOut ? (
              <button ref={next} type="button" className="us-btn us-btn--light us-btn--block" onClick={onSignIn}>
                Sign in again
              </button>
            ) : (
              <>
                <button ref={next} type="button" className="us-btn us-btn--light us-btn--block" onClick={onRetry}>
                  Try again
                </button>
                <button type="button" className="us-btn us-btn--outline-light us-btn--block" onClick={onClose}>
                  Next scan
                </button>
              </>
            )}
          </div>
        </div>
      </div>
    );
  }

  const r = overlay.answer;
  const headlines = r.direction === 'EXIT' ? EXIT_HEADLINES : HEADLINES;
  const offline = r.source === 'device';
  return (
    <div
      className={`us-overlay us-overlay--${r.result}`}
      data-testid="scan-result"
      data-result={r.result}
      data-reason={r.reason ?? ''}
      data-source={r.source}
      data-direction={r.direction}
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="scan-result-title"
      aria-describedby="scan-result-message"
    >
      {r.result === 'VALID' && <AutoClose ms={AUTO_CLOSE_MS} onDone={onClose} />}
      <div className="us-overlay__body">
        {offline && (
          <p
            className="us-offline-badge"
            data-testid="offline-badge"
            title={r.offlineCause ? OFFLINE_CAUSE[r.offlineCause] : ''}
          >
            Offline{r.unverified ? ' · unverified' : ''}
          </p>
        )}
        <h2 id="scan-result-title" className="us-overlay__headline" data-testid="scan-headline">
          {headlines[r.result]}
        </h2>
        <p id="scan-result-message" className="us-overlay__message" data-testid="scan-message">
          {r.result === 'ALREADY_SCANNED' && r.firstCheckedInAt ? (
            <>
              First checked in at <strong>{timeInZone(r.firstCheckedInAt, timeZone)}</strong> ({ago(r.firstCheckedInAt)}
              )
            </>
          ) : r.result === 'VALID' && r.direction === 'EXIT' ? (
            'Exit recorded — the holder may come back in'
          ) : r.result === 'VALID' && r.unknownAttendee ? (
            'Genuine ticket — admit'
          ) : r.result === 'VALID' ? (
            r.attendee && r.attendee.entries > 1 ? (
              `Valid ticket — entry ${r.attendee.entries}`
            ) : (
              'Valid ticket — first entry'
            )
          ) : (
            r.message
          )}
        </p>
        {offline && (
          <p className="us-overlay__hint" data-testid="offline-note">
            {r.offlineCause ? OFFLINE_CAUSE[r.offlineCause] : 'No network'}, so this device checked it
            {r.unverified ? ' with offline data older than 24 hours' : ''}. The scan uploads when the network is back.
          </p>
        )}

        {r.attendee ? (
          <AttendeeCard attendee={r.attendee} direction={r.direction} />
        ) : r.unknownAttendee ? (
          <p className="us-overlay__code" data-testid="attendee-unknown">
            Name unknown — bought after the last sync
          </p>
        ) : (
          <p className="us-overlay__code">{describeCode(overlay.req)}</p>
        )}

        <div className="us-overlay__actions">
          <button ref={next} type="button" className="us-btn us-btn--light us-btn--block us-btn--xl" onClick={onClose}>
            Next scan
          </button>
        </div>
        <p className="us-overlay__foot">
          {METHOD_LABEL[overlay.req.method]} · {r.direction === 'EXIT' ? 'exit' : 'entry'} · scanned{' '}
          {timeInZone(r.scannedAt, timeZone)}
        </p>
      </div>
    </div>
  );
}

const TICKET_STATUS = { VALID: 'Valid', VOID: 'Void', REFUNDED: 'Refunded' } as const;

function AttendeeCard({ attendee: a, direction }: { attendee: TAttendee; direction: TScanDirection }) {
  return (
    <div className="us-attendee" data-testid="attendee">
      <Avatar name={a.name} photoUrl={a.photoUrl} />
      <div className="us-attendee__info">
        <p className="us-attendee__name" data-testid="attendee-name">
          {a.name}
        </p>
        <p className="us-attendee__badges">
          {a.tier && (
            <span className={`us-tier us-tier--${a.tier}`} data-testid="attendee-tier">
              {a.tier === 'VIP' ? 'VIP' : 'Standard'}
            </span>
          )}
          {a.categoryName && a.categoryName.toLowerCase() !== (a.tier ?? '').toLowerCase() && (
            <span className="us-chip" data-testid="attendee-category">
              {a.categoryName}
            </span>
          )}
          {a.labels.map((l) => (
            <span key={l} className="us-chip us-chip--label" data-testid="attendee-label">
              {l}
            </span>
          ))}
        </p>
        <dl className="us-attendee__facts">
          {a.ticketReference && (
            <>
              <dt>Ticket</dt>
              <dd data-testid="attendee-ticket">{a.ticketReference}</dd>
            </>
          )}
          {a.ticketStatus && (
            <>
              <dt>Ticket status</dt>
              <dd data-testid="attendee-ticket-status">{TICKET_STATUS[a.ticketStatus]}</dd>
            </>
          )}
          {a.scanStatus && (
            <>
              <dt>Scan status</dt>
              <dd data-testid="attendee-scan-status">
                {a.scanStatus === 'PREVIOUSLY_SCANNED' ? 'Previously scanned' : 'Not scanned before'}
                {direction === 'EXIT' && !a.inside ? ' · now outside' : ''}
              </dd>
            </>
          )}
          {a.cardUid && (
            <>
              <dt>Card UID</dt>
              <dd data-testid="attendee-card">{a.cardUid}</dd>
            </>
          )}
          <dt>Emergency contact</dt>
          <dd>{a.emergencyContact ?? '—'}</dd>
          <dt>Blood type</dt>
          <dd>{a.bloodType ?? '—'}</dd>
          {a.dependents.length > 0 && (
            <>
              <dt>With</dt>
              <dd data-testid="attendee-dependents">
                {a.dependents.map((d) => `${d.name} (${d.relationship})`).join(', ')}
              </dd>
            </>
          )}
        </dl>
      </div>
    </div>
  );
}

function Avatar({ name, photoUrl }: { name: string; photoUrl: string | null }) {
  const [failed, setFailed] = useState(false);
  if (photoUrl && !failed) {
    return <img className="us-avatar" src={photoUrl} alt={name} onError={() => setFailed(true)} />;
  }
  return (
    <span className="us-avatar us-avatar--initials" role="img" aria-label={`No photo of ${name}`}>
      {initials(name)}
    </span>
  );
}

function AutoClose({ ms, onDone }: { ms: number; onDone: () => void }) {
  const done = useRef(onDone);
  done.current = onDone;
  useEffect(() => {
    const t = setTimeout(() => done.current(), ms);
    return () => clearTimeout(t);
  }, [ms]);
  return (
    <div className="us-autoclose" aria-hidden="true">
      <span style={{ animationDuration: `${ms}ms` }} />
    </div>
  );
}

function describeCode(req: ScanRequest): string {
  if (req.cardUid) return `Card ${req.cardUid}`;
  return `Code ${shortCode(req.qr ?? '')}`;
}
