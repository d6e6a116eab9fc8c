/**
 * The Finance section's tabs (seed 003 Plan 2 Phase 8): company overview, the five kinds of
 * finance records (one page parameterised by kind, see RecordsPage.tsx), payouts, refunds and
 * the ledger. Also the read-only note support admins see instead of write buttons.
 */
import { NavLink } from 'react-router';
import { RECORD_KINDS } from './kinds.ts';

export function FinanceNav() {
  return (
    <nav className="tab-nav finance-tabs" aria-label="Finance">
      <NavLink to="/finance" end>
        Overview
      </NavLink>
      {RECORD_KINDS.map((k) => (
        <NavLink key={k.slug} to={`/finance/${k.slug}`}>
          {k.title}
        </NavLink>
      ))}
      <NavLink to="/finance/payouts">Payouts</NavLink>
      <NavLink to="/finance/refunds">Refunds</NavLink>
      <NavLink to="/finance/ledger">Ledger</NavLink>
    </nav>
  );
}

/** Shown to admins whose level may read the books but not change them (server: `money.write`). */
export function ReadOnlyNote() {
  return (
    <p className="notice" data-testid="read-only-note">
      Your admin role (Support) can see the books but not change them.
    </p>
  );
}
