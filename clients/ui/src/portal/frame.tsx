import type { ReactNode } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { usePortalConfig } from './config.tsx';
import { useMe, useSignOut } from './session.tsx';

/** Header (Admit mark + portal name, then `nav` and `account`), main content, footer. */
export function Frame({ nav, account, children }: { nav?: ReactNode; account?: ReactNode; children: ReactNode }) {
  const { name } = usePortalConfig();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="brand" aria-label={`Admit ${name} home`}>
            <span className="brand__mark" aria-hidden="true">
              A
            </span>
            Admit
            <span className="brand__portal">{name}</span>
          </Link>
          {nav}
          {account && <div className="account">{account}</div>}
        </div>
      </header>
      <main id="main" className="page-main">
        {children}
      </main>
      <footer className="site-footer">Admit {name} · Times are shown in your device's time zone.</footer>
    </>
  );
}

/** The signed-out pages: sign-in, password reset. */
export function AuthLayout() {
  return (
    <Frame>
      <Outlet />
    </Frame>
  );
}

/** The signed-in pages: navigation, the user's name and `Sign out`. */
export function Shell() {
  const { nav = [] } = usePortalConfig();
  const me = useMe();
  const signOut = useSignOut();
  const user = me.data;
  return (
    <Frame
      nav={
        <nav className="site-nav" aria-label="Main">
          {nav.map((item) => (
            <NavLink key={item.to} to={item.to}>
              {item.label}
            </NavLink>
          ))}
          <NavLink to="/account">Account</NavLink>
        </nav>
      }
      account={
        user && (
          <>
            <span className="account__name" data-testid="signed-in-as">
              {user.firstName} {user.lastName}
            </span>
            <button
              type="button"
              className="ui-button ui-button--ghost ui-button--small"
              onClick={() => signOut.mutate({})}
              disabled={signOut.isPending}
            >
              {signOut.isPending ? 'Signing out…' : 'Sign out'}
            </button>
          </>
        )
      }
    >
      <Outlet />
    </Frame>
  );
}
