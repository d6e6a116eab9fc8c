/**
 * Web NFC (Chrome on Android): `new NDEFReader().scan()`, then every `reading` event carries
 * the tag's serial number, which is the card UID. Shown only where the API exists.
 */
import { useEffect, useRef, useState } from 'react';
import { serialToCardUid } from '../lib/codes.ts';

interface NdefReadingEvent extends Event {
  serialNumber: string;
}
interface NdefReader extends EventTarget {
  scan(options?: { signal?: AbortSignal }): Promise<void>;
}
type NdefReaderCtor = new () => NdefReader;

function ndefReaderCtor(): NdefReaderCtor | null {
  const w = window as unknown as { NDEFReader?: NdefReaderCtor };
  return typeof w.NDEFReader === 'function' ? w.NDEFReader : null;
}

export function nfcSupported(): boolean {
  return typeof window !== 'undefined' && 'NDEFReader' in window;
}

type State = { kind: 'idle' } | { kind: 'starting' } | { kind: 'listening' } | { kind: 'error'; message: string };

function nfcErrorMessage(err: unknown): string {
  const name = err instanceof DOMException ? err.name : '';
  if (name === 'NotAllowedError') return 'NFC permission was denied. Allow NFC for this site in the browser settings.';
  if (name === 'NotSupportedError' || name === 'NotReadableError') {
    return 'NFC is off or not available on this device. Turn NFC on in the phone settings, then try again.';
  }
  return err instanceof Error ? `NFC could not start: ${err.message}` : 'NFC could not start.';
}

export function NfcReader({ onCard }: { onCard: (uid: string) => void }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [hint, setHint] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const onCardRef = useRef(onCard);
  onCardRef.current = onCard;

  useEffect(() => () => abort.current?.abort(), []);

  if (!nfcSupported()) {
    return (
      <p className="us-note" data-testid="nfc-unavailable">
        NFC is not available in this browser (Chrome on Android supports Web NFC)
      </p>
    );
  }

  async function start() {
    const Ctor = ndefReaderCtor();
    if (!Ctor) return;
    setState({ kind: 'starting' });
    setHint(null);
    const ctrl = new AbortController();
    abort.current?.abort();
    abort.current = ctrl;
    try {
      const reader = new Ctor();
      reader.addEventListener(
        'reading',
        (e) => {
          const uid = serialToCardUid((e as NdefReadingEvent).serialNumber ?? '');
          if (uid) {
            setHint(null);
            onCardRef.current(uid);
          } else {
            setHint('This tag has no readable card ID. Try another card or type the code.');
          }
        },
        { signal: ctrl.signal },
      );
      reader.addEventListener('readingerror', () => setHint('Could not read the card. Hold it still and try again.'), {
        signal: ctrl.signal,
      });
      await reader.scan({ signal: ctrl.signal });
      if (!ctrl.signal.aborted) setState({ kind: 'listening' });
    } catch (err) {
      if (ctrl.signal.aborted) return;
      setState({ kind: 'error', message: nfcErrorMessage(err) });
    }
  }

  function stop() {
    abort.current?.abort();
    abort.current = null;
    setState({ kind: 'idle' });
    setHint(null);
  }

  return (
    <div className="us-nfc">
      {state.kind === 'listening' ? (
        <>
          <p className="us-nfc__ready" role="status">
            <span className="us-pulse" aria-hidden="true" /> Ready: hold a card to the back of the phone
          </p>
          <button type="button" className="us-btn us-btn--ghost us-btn--block" onClick={stop}>
            Stop NFC
          </button>
        </>
      ) : (
        <button
          type="button"
          className="us-btn us-btn--secondary us-btn--block"
          onClick={() => void start()}
          disabled={state.kind === 'starting'}
          aria-busy={state.kind === 'starting'}
        >
          Tap NFC card
        </button>
      )}
      {state.kind === 'error' && (
        <p className="us-warn-box" role="alert">
          {state.message}
        </p>
      )}
      {hint && (
        <p className="us-warn-box" role="alert">
          {hint}
        </p>
      )}
    </div>
  );
}
