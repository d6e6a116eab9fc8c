/** Outside production the code is only in the server's outbox (no SMTP configured). */
export function DemoHint() {
  if (import.meta.env.VITE_DEMO_HINT === 'off') return null;
  return <p className="demo-hint">Demo: without SMTP the e-mail is in the server log / dev outbox.</p>;
}
