import type { ReactNode } from 'react';
import { Link, NavLink } from 'react-router';
import { type AdminLevel, LEVEL_LABELS } from '../permissions.ts';
import { HOME, useAdmin, useSignOut } from '../session.tsx';

function Brand() {
  return (
    <Link to={HOME} className="brand" aria-label="Admit admin home">
      <span className="brand__mark" aria-hidden="true">
        A
      </span>
      Admit <span className="brand__portal">Admin</span>
    </Link>
  );
}

export function LevelBadge({ level }: { level: AdminLevel | null }) {
  if (!level) return <span className="ui-badge badge--muted">No admin level</span>;
  return (
    <span className={`ui-badge ${level === 'SUPER_ADMIN' ? 'badge--super' : ''}`} data-testid="admin-level">
      {LEVEL_LABELS[level]}
    </span>
  );
}

function Shell({ nav, account, children }: { nav?: ReactNode; account?: ReactNode; children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Brand />
          {nav}
          {account}
        </div>
      </header>
      <main id="main" className="page-main">
        {children}
      </main>
      <footer className="site-footer">Admit admin · Every change you make is recorded in the audit log.</footer>
    </>
  );
}

/** Sign-in pages and guard states: the brand only. */
export function PublicLayout({ children }: { children: ReactNode }) {
  return <Shell>{children}</Shell>;
}

/** Signed-in pages: navigation, the admin's name and sub-role, sign out. */
export function Layout({ children }: { children: ReactNode }) {
  const { me, level } = useAdmin();
  const signOut = useSignOut();
  return (
    <Shell
      nav={
        <nav className="site-nav" aria-label="Main">
          <NavLink to="/dashboard">Dashboard</NavLink>
          {/* Catalog: events, tickets, venues (pages/catalog) */}
          <NavLink to="/catalog/events">Events</NavLink>
          <NavLink to="/catalog/tickets">Tickets</NavLink>
          <NavLink to="/catalog/venues">Venues</NavLink>
          <NavLink to="/catalog/seat-maps">Seat maps</NavLink>
          <NavLink to="/customers">Customers</NavLink>
          <NavLink to="/organizers">Organizers</NavLink>
          <NavLink to="/merchants">Merchants</NavLink>
          <NavLink to="/ushers">Ushers</NavLink>
          <NavLink to="/users">Users</NavLink>
          <NavLink to="/admins">Admins</NavLink>
          <NavLink to="/finance">Finance</NavLink>
          <NavLink to="/nfc-cards">NFC cards</NavLink>
          <NavLink to="/raffles">Raffles</NavLink>
          <NavLink to="/edit-requests">Change requests</NavLink>
          <NavLink to="/audit">Audit log</NavLink>
          <NavLink to="/logs" end>
            System logs
          </NavLink>
          <NavLink to="/logs/checkin">Check-in log</NavLink>
          <NavLink to="/jobs">Jobs</NavLink>
          <NavLink to="/mailbox">Mailbox</NavLink>
          <NavLink to="/account">Account</NavLink>
        </nav>
      }
      account={
        <div className="account">
          <span className="account__name" data-testid="signed-in-as">
            {me.firstName} {me.lastName}
          </span>
          <LevelBadge level={level} />
          <button
            type="button"
            className="ui-button ui-button--ghost ui-button--small"
            onClick={() => signOut.mutate({})}
            disabled={signOut.isPending}
          >
            Sign out
          </button>
        </div>
      }
    >
      {children}
    </Shell>
  );
}
