import type { ReactNode } from 'react';
import { Link, NavLink } from 'react-router';
import { HOME, type Me, useSignOut } from '../session.tsx';

function Shell({ nav, account, children }: { nav?: ReactNode; account?: ReactNode; children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to={HOME} className="brand" aria-label="Admit for practitioners home">
            <span className="brand__mark" aria-hidden="true">
              A
            </span>
            Admit <span className="brand__portal">for practitioners</span>
          </Link>
          {nav}
          {account}
        </div>
      </header>
      <main id="main" className="page-main">
        {children}
      </main>
      <footer className="site-footer">Admit for practitioners · Times are shown in your device's time zone.</footer>
    </>
  );
}

/** Sign-in pages and guard states: the brand only. */
export function PublicLayout({ children }: { children: ReactNode }) {
  return <Shell>{children}</Shell>;
}

/** Signed-in pages: navigation, the practitioner's name, sign out. */
export function Layout({ me, children }: { me: Me; children: ReactNode }) {
  const signOut = useSignOut();
  return (
    <Shell
      nav={
        <nav className="site-nav" aria-label="Main">
          <NavLink to="/account">Account</NavLink>
        </nav>
      }
      account={
        <div className="account">
          <span className="account__name" data-testid="signed-in-as">
            {me.firstName} {me.lastName}
          </span>
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
