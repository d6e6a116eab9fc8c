/** The gate screen: type, camera or NFC → usher.scan.result → full-screen answer; live counts beside. */
import { trpc } from '@admit/ui';
import { type FormEvent, useCallback, useId, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { CameraScanner } from '../components/CameraScanner.tsx';
import { GateCounts } from '../components/GateCounts.tsx';
import { NfcReader } from '../components/NfcReader.tsx';
import { RecentScans } from '../components/RecentScans.tsx';
import { type Overlay, ScanOverlay, type ScanRequest } from '../components/ScanResultOverlay.tsx';
import { asCardUid, ReadDebouncer } from '../lib/codes.ts';
import { getDeviceId, recall, remember, signal } from '../lib/device.ts';
import { useUsherSession } from '../session.tsx';

const SCAN_TIMEOUT_MS = 30_000;

export function ScanPage() {
  const { event, live } = useUsherSession();
  const utils = trpc.useUtils();
  const navigate = useNavigate();
  const [overlay, setOverlay] = useState<Overlay | null>(null);
  const overlayRef = useRef<Overlay | null>(null);
  overlayRef.current = overlay;
  const debouncer = useMemo(() => new ReadDebouncer(1000), []);
  const deviceId = useMemo(() => getDeviceId(), []);
  const manualInput = useRef<HTMLInputElement>(null);
  const [manual, setManual] = useState('');
  const [manualError, setManualError] = useState<string | null>(null);
  const seq = useRef(0);

  const [gateId, pickGate] = useGateChoice(event);

  const status = trpc.usher.events.status.useQuery({ id: event.id }, { refetchInterval: 60_000, staleTime: 30_000 });

  const liveRef = useRef(live);
  liveRef.current = live;

  const runScan = useCallback(
    async (req: ScanRequest) => {
      const mine = ++seq.current;
      setOverlay({ kind: 'pending', req });
      try {
        const result = await utils.client.usher.scan.result.mutate(
          {
            ...(req.cardUid ? { cardUid: req.cardUid } : { qr: req.qr }),
            method: req.method,
            deviceId,
            ...(gateId ? { gateId } : {}),
          },
          { signal: AbortSignal.timeout(SCAN_TIMEOUT_MS) },
        );
        if (mine !== seq.current) return;
        setOverlay({ kind: 'result', req, result });
        signal(result.result === 'VALID' ? 'ok' : result.result === 'ALREADY_SCANNED' ? 'warn' : 'bad');
        if (req.method === 'MANUAL') setManual('');
        // the socket pushes new counts to every device; fetch them ourselves when it is down
        if (liveRef.current !== 'live') void utils.usher.events.gateCounts.invalidate({ id: event.id });
        void utils.usher.scan.logs.invalidate();
      } catch (error) {
        if (mine !== seq.current) return;
        setOverlay({ kind: 'error', req, error });
        signal('bad');
      }
    },
    [utils, deviceId, gateId, event.id],
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

  return (
    <div className="us-scan">
      <div className="us-scan__main">
        {s && !s.scanningEnabled && (
          <p className="us-banner us-banner--bad" role="alert">
            Scanning is paused for this event: every scan is refused until the organizer turns it back on.
          </p>
        )}
        {s?.scanningEnabled && !s.active && (
          <p className="us-banner us-banner--warn">
            This event is not running right now. Check the date with your supervisor.
          </p>
        )}

        <section className="us-panel" aria-labelledby="check-title">
          <div className="us-panel__head">
            <h2 id="check-title">Check a ticket</h2>
            <GateChooser event={event} gateId={gateId} onPick={pickGate} />
          </div>

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
