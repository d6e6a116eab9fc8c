/**
 * The gate screen: type, camera or NFC → the offline gate (server when reachable, else the
 * device's cache) → full-screen answer; entry/exit toggle; live counts beside.
 */
import type { TScanDirection } from '@admit/shared';
import { trpc } from '@admit/ui';
import { type FormEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { CameraScanner } from '../components/CameraScanner.tsx';
import { GateCounts } from '../components/GateCounts.tsx';
import { NfcReader } from '../components/NfcReader.tsx';
import { RecentScans } from '../components/RecentScans.tsx';
import { type Overlay, ScanOverlay, type ScanRequest } from '../components/ScanResultOverlay.tsx';
import { asCardUid, ReadDebouncer } from '../lib/codes.ts';
import { getDeviceId, recall, remember, signal } from '../lib/device.ts';
import { useGate, useGateStatus } from '../offline/gate-context.tsx';
import { scanOnline } from '../offline/scan.ts';
import { setScanBusy } from '../pwa.ts';
import { useOnline, useUsherSession } from '../session.tsx';

/** Repeated reads of the same code or tag within this window are ignored (seed 003 Plan 6 Phase 8). */
const READ_DEBOUNCE_MS = 1000;

export function ScanPage() {
  const { event, live } = useUsherSession();
  const gate = useGate();
  const gateStatus = useGateStatus();
  const online = useOnline();
  const utils = trpc.useUtils();
  const navigate = useNavigate();
  const [overlay, setOverlay] = useState<Overlay | null>(null);
  const overlayRef = useRef<Overlay | null>(null);
  overlayRef.current = overlay;
  const debouncer = useMemo(() => new ReadDebouncer(READ_DEBOUNCE_MS), []);
  const manualInput = useRef<HTMLInputElement>(null);
  const [manual, setManual] = useState('');
  const [manualError, setManualError] = useState<string | null>(null);
  const seq = useRef(0);
  const [direction, setDirection] = useDirection();

  const [gateId, pickGate] = useGateChoice(event);

  const status = trpc.usher.events.status.useQuery({ id: event.id }, { refetchInterval: 60_000, staleTime: 30_000 });

  const liveRef = useRef(live);
  liveRef.current = live;

  // an app update waits while an answer is on screen
  const busy = overlay !== null;
  useEffect(() => {
    setScanBusy(busy);
    return () => setScanBusy(false);
  }, [busy]);

  const runScan = useCallback(
    async (req: ScanRequest) => {
      const mine = ++seq.current;
      const decide = new AbortController();
      const decideNow = gate ? () => decide.abort() : undefined;
      const onRetry = (n: number) => {
        if (mine === seq.current) setOverlay({ kind: 'pending', req, retry: n, decideNow });
      };
      setOverlay({ kind: 'pending', req, retry: 0, decideNow });
      try {
        const answer = gate
          ? await gate.scan(req, direction, { gateId, signal: decide.signal, onRetry })
          : // no IndexedDB in this browser: online scanning only
            await scanOnline(utils.client, req, direction, { gateId, deviceId: getDeviceId(), onRetry });
        if (mine !== seq.current) return;
        setOverlay({ kind: 'result', req, answer });
        signal(answer.result === 'VALID' ? 'ok' : answer.result === 'ALREADY_SCANNED' ? 'warn' : 'bad');
        if (req.method === 'MANUAL') setManual('');
        if (answer.source === 'server') {
          // the socket pushes new counts to every device; fetch them ourselves when it is down
          if (liveRef.current !== 'live') void utils.usher.events.gateCounts.invalidate({ id: event.id });
          void utils.usher.scan.logs.invalidate();
        }
      } catch (error) {
        if (mine !== seq.current) return;
        setOverlay({ kind: 'error', req, error });
        signal('bad');
      }
    },
    [utils, gate, gateId, event.id, direction],
  );

  /** camera / NFC reads: ignored while an answer is on screen and when repeated within 1 s */
  const onRead = useCallback(
    (req: ScanRequest) => {
      const key = req.cardUid ?? req.qr ?? '';
      if (!debouncer.accept(key)) return;
      if (overlayRef.current) return;
      void runScan(req);
    },
    [debouncer, runScan],
  );

  const close = useCallback(() => {
    const o = overlayRef.current;
    if (o) debouncer.touch(o.req.cardUid ?? o.req.qr ?? '');
    seq.current++;
    setOverlay(null);
    if (o?.req.method === 'MANUAL') setTimeout(() => manualInput.current?.focus(), 0);
  }, [debouncer]);

  function submitManual(e: FormEvent) {
    e.preventDefault();
    const text = manual.trim();
    if (!text) {
      setManualError('Type a ticket code or card UID.');
      return;
    }
    if (text.length > 512) {
      setManualError('That is too long for a ticket code.');
      return;
    }
    setManualError(null);
    const uid = asCardUid(text);
    void runScan(uid ? { cardUid: uid, method: 'MANUAL' } : { qr: text, method: 'MANUAL' });
  }

  const inputId = useId();
  const s = status.data;
  // the server's word when it answers; offline, the switch as last synced
  const scanningEnabled = s && online ? s.scanningEnabled : gateStatus.scanningEnabled;

  return (
    <div className="us-scan">
      <div className="us-scan__main">
        {!scanningEnabled && (
          <p className="us-banner us-banner--bad" role="alert" data-testid="scanning-paused">
            Scanning is paused for this event: every scan is refused until the organizer turns it back on.
          </p>
        )}
        {scanningEnabled && s && !s.active && (
          <p className="us-banner us-banner--warn">
            This event is not running right now. Check the date with your supervisor.
          </p>
        )}
        {!online && (
          <p className="us-banner us-banner--offline" data-testid="offline-mode">
            Offline: tickets are checked on this device
            {gateStatus.ready
              ? ` (${gateStatus.attendees} ${gateStatus.attendees === 1 ? 'attendee' : 'attendees'} downloaded)`
              : ''}{' '}
            and uploaded when the network is back.
          </p>
        )}

        <section className="us-panel" aria-labelledby="check-title">
          <div className="us-panel__head">
            <h2 id="check-title">Check a ticket</h2>
            <GateChooser event={event} gateId={gateId} onPick={pickGate} />
          </div>

          <DirectionToggle value={direction} onChange={setDirection} />

          <form className="us-manual" onSubmit={submitManual} noValidate>
            <label htmlFor={inputId} className="us-label">
              Ticket code or card UID
            </label>
            <div className="us-manual__row">
              <input
                ref={manualInput}
                id={inputId}
                className="us-input us-input--big"
                value={manual}
                onChange={(e) => {
                  setManual(e.target.value);
                  if (manualError) setManualError(null);
                }}
                autoComplete="off"
                autoCapitalize="none"
                autoCorrect="off"
                spellCheck={false}
                enterKeyHint="go"
                maxLength={600}
                placeholder="e.g. 04A3F21B6C5E80"
                aria-invalid={!!manualError}
                aria-describedby={`${inputId}-hint`}
              />
              <button
                type="submit"
                className="us-btn us-btn--primary us-btn--check"
                disabled={overlay?.kind === 'pending'}
              >
                Check
              </button>
            </div>
            {manualError ? (
              <p id={`${inputId}-hint`} className="ui-field__error" role="alert">
                {manualError}
              </p>
            ) : (
              <p id={`${inputId}-hint`} className="us-muted us-small">
                Card UIDs are 8, 14 or 20 hex characters (colons allowed). Anything else is checked as a ticket code.
              </p>
            )}
          </form>

          <div className="us-readers">
            <CameraScanner paused={overlay !== null} onCode={(qr) => onRead({ qr, method: 'QR' })} />
            <NfcReader onCard={(cardUid) => onRead({ cardUid, method: 'NFC' })} />
          </div>
        </section>
      </div>

      <aside className="us-scan__side">
        <GateCounts />
        <RecentScans />
      </aside>

      {overlay && (
        <ScanOverlay
          overlay={overlay}
          timeZone={event.timeZone}
          onClose={close}
          onRetry={() => void runScan(overlay.req)}
          onSignIn={() => navigate(`/login?event=${event.id}`)}
        />
      )}
    </div>
  );
}

/** Entry or exit scanning, remembered on this device (re-entry rules of the check-in list). */
function useDirection(): [TScanDirection, (d: TScanDirection) => void] {
  const [d, setD] = useState<TScanDirection>(() => (recall('direction') === 'EXIT' ? 'EXIT' : 'ENTRY'));
  const set = useCallback((next: TScanDirection) => {
    remember('direction', next);
    setD(next);
  }, []);
  return [d, set];
}

function DirectionToggle({ value, onChange }: { value: TScanDirection; onChange: (d: TScanDirection) => void }) {
  return (
    <fieldset className="us-direction" data-testid="direction" data-value={value}>
      <legend className="us-label">Scanning</legend>
      {(['ENTRY', 'EXIT'] as const).map((d) => (
        <label key={d} className={`us-direction__opt${value === d ? ' us-direction__opt--on' : ''}`}>
          <input type="radio" name="direction" value={d} checked={value === d} onChange={() => onChange(d)} />
          {d === 'ENTRY' ? 'Entry' : 'Exit'}
        </label>
      ))}
    </fieldset>
  );
}

type EventLike = ReturnType<typeof useUsherSession>['event'];

/** The usher's assigned gate; without one, the gate picked on this device (remembered per event). */
function useGateChoice(event: EventLike): [string | undefined, (id: string) => void] {
  const [picked, setPicked] = useState(() => recall(`gate.${event.id}`));
  const pick = useCallback(
    (id: string) => {
      remember(`gate.${event.id}`, id);
      setPicked(id);
    },
    [event.id],
  );
  if (event.gate) return [event.gate.id, pick];
  return [event.gates.some((g) => g.id === picked) ? picked : undefined, pick];
}

function GateChooser({
  event,
  gateId,
  onPick,
}: {
  event: EventLike;
  gateId: string | undefined;
  onPick: (id: string) => void;
}) {
  const selectId = useId();
  if (event.gate) return null;
  if (event.gates.length === 0) return <span className="us-muted us-small">No gates at this venue</span>;
  return (
    <span className="us-gate-choose">
      <label htmlFor={selectId}>Gate</label>
      <select id={selectId} className="us-select" value={gateId ?? ''} onChange={(e) => onPick(e.target.value)}>
        <option value="">Choose your gate…</option>
        {event.gates.map((g) => (
          <option key={g.id} value={g.id}>
            {g.name}
          </option>
        ))}
      </select>
    </span>
  );
}
