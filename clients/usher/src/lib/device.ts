/** Small browser helpers: a stable device id, remembered form values, scan feedback. */

const DEVICE_KEY = 'admit.usher.deviceId';
let memoryDeviceId: string | null = null;

function randomHex(bytes: number): string {
  // crypto.getRandomValues works on plain http too (randomUUID needs a secure context)
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  return Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A random id for this browser, kept in localStorage, sent with every scan (`deviceId`). */
export function getDeviceId(): string {
  try {
    const stored = localStorage.getItem(DEVICE_KEY);
    if (stored && /^[\w-]{1,64}$/.test(stored)) return stored;
    const id = `web-${randomHex(12)}`;
    localStorage.setItem(DEVICE_KEY, id);
    return id;
  } catch {
    memoryDeviceId ??= `web-${randomHex(12)}`;
    return memoryDeviceId;
  }
}

export function remember(key: string, value: string): void {
  try {
    localStorage.setItem(`admit.usher.${key}`, value);
  } catch {
    // storage may be unavailable (private mode); nothing to remember then
  }
}

export function recall(key: string): string {
  try {
    return localStorage.getItem(`admit.usher.${key}`) ?? '';
  } catch {
    return '';
  }
}

let audio: AudioContext | null = null;

/** A short beep and vibration so the usher hears/feels the result without looking. */
export function signal(kind: 'ok' | 'warn' | 'bad'): void {
  try {
    navigator.vibrate?.(kind === 'ok' ? 80 : [180, 80, 180]);
  } catch {
    // vibration is optional
  }
  try {
    audio ??= new AudioContext();
    const ctx = audio;
    if (ctx.state === 'suspended') void ctx.resume();
    const tones = kind === 'ok' ? [880] : kind === 'warn' ? [520, 520] : [260, 220];
    tones.forEach((freq, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = freq;
      osc.type = kind === 'ok' ? 'sine' : 'square';
      gain.gain.value = 0.06;
      osc.connect(gain).connect(ctx.destination);
      const start = ctx.currentTime + i * 0.2;
      osc.start(start);
      osc.stop(start + (kind === 'ok' ? 0.15 : 0.14));
    });
  } catch {
    // no audio (autoplay policy, no device): the screen still shows the result
  }
}
