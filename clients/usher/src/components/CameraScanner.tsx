/**
 * Camera QR reading with qr-scanner. The scanner is paused while a result is on screen
 * (`paused`); the page debounces repeated reads of the same code.
 */
import QrScanner from 'qr-scanner';
import { useEffect, useRef, useState } from 'react';

type State = { kind: 'idle' } | { kind: 'starting' } | { kind: 'on' } | { kind: 'unavailable'; message: string };

function cameraErrorMessage(err: unknown): string {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  const text = typeof err === 'string' ? err : err instanceof Error ? err.message : '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || /permission|denied/i.test(text)) {
    return 'Camera permission was denied. Allow camera access for this site in the browser settings, then try again — or type the code below.';
  }
  if (name === 'NotFoundError' || /not found|no camera/i.test(text)) {
    return 'No camera was found on this device. Type the ticket code or card UID instead.';
  }
  if (name === 'NotReadableError') return 'The camera is in use by another app. Close it, then try again.';
  return `The camera could not start${text ? `: ${text}` : ''}. Type the code instead.`;
}

export function CameraScanner({ paused, onCode }: { paused: boolean; onCode: (text: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const scanner = useRef<QrScanner | null>(null);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  useEffect(
    () => () => {
      scanner.current?.destroy();
      scanner.current = null;
    },
    [],
  );

  // pause while a result is shown; resume when it closes
  useEffect(() => {
    const s = scanner.current;
    if (!s || state.kind !== 'on') return;
    if (paused) void s.pause();
    else void s.start().catch((err: unknown) => setState({ kind: 'unavailable', message: cameraErrorMessage(err) }));
  }, [paused, state.kind]);

  async function start() {
    setState({ kind: 'starting' });
    if (!window.isSecureContext) {
      setState({
        kind: 'unavailable',
        message: 'The camera needs a secure connection (https). Type the ticket code or card UID instead.',
      });
      return;
    }
    try {
      if (!(await QrScanner.hasCamera())) {
        setState({
          kind: 'unavailable',
          message: 'No camera was found on this device. Type the ticket code or card UID instead.',
        });
        return;
      }
      if (!video.current) return;
      scanner.current?.destroy();
      const s = new QrScanner(
        video.current,
        (r) => {
          if (!pausedRef.current && r.data) onCodeRef.current(r.data);
        },
        {
          returnDetailedScanResult: true,
          preferredCamera: 'environment',
          highlightScanRegion: true,
          maxScansPerSecond: 8,
        },
      );
      scanner.current = s;
      await s.start();
      if (pausedRef.current) void s.pause();
      setState({ kind: 'on' });
    } catch (err) {
      scanner.current?.destroy();
      scanner.current = null;
      setState({ kind: 'unavailable', message: cameraErrorMessage(err) });
    }
  }

  function stop() {
    scanner.current?.destroy();
    scanner.current = null;
    setState({ kind: 'idle' });
  }

  const showVideo = state.kind === 'on' || state.kind === 'starting';
  return (
    <div className="us-camera">
      <div className="us-camera__frame" hidden={!showVideo}>
        <video ref={video} className="us-camera__video" muted playsInline />
      </div>
      {state.kind === 'on' ? (
        <button type="button" className="us-btn us-btn--ghost us-btn--block" onClick={stop}>
          Stop camera
        </button>
      ) : (
        <button
          type="button"
          className="us-btn us-btn--secondary us-btn--block"
          onClick={() => void start()}
          disabled={state.kind === 'starting'}
          aria-busy={state.kind === 'starting'}
        >
          Scan with camera
        </button>
      )}
      {state.kind === 'on' && <p className="us-muted us-small us-center">Point the camera at the ticket's QR code.</p>}
      {state.kind === 'unavailable' && (
        <p className="us-warn-box" role="alert" data-testid="camera-unavailable">
          {state.message}
        </p>
      )}
    </div>
  );
}
