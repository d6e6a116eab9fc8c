import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useMe, useSignOut } from '../session.tsx';
import { Notifications } from './Notifications.tsx';

export function Layout() {
  const me = useMe();
  const signOut = useSignOut();
  const user = me.data;
  const loc = useLocation();
  // come back here after signing in (not when already on a sign-in page)
  const onAuthPage = loc.pathname === '/login' || loc.pathname === '/register';
  const next = onAuthPage ? '' : `?next=${encodeURIComponent(loc.pathname + loc.search)}`;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="brand" aria-label="Admit home">
            <span className="brand__mark" aria-hidden="true">
              A
            </span>
            Admit
          </Link>
          <nav className="site-nav" aria-label="Main">
            <NavLink to="/" end>
              Events
            </NavLink>
            <NavLink to="/raffles">Raffles</NavLink>
            <NavLink to="/tickets">My tickets</NavLink>
            {user && <NavLink to="/cards">My cards</NavLink>}
            {user && <NavLink to="/account">Account</NavLink>}
          </nav>
          <div className="account">
            {user ? (
              <>
                <span className="account__name" data-testid="signed-in-as">
                  Hi, {user.firstName}
                </span>
                <button
                  type="button"
                  className="ui-button ui-button--ghost ui-button--small"
                  onClick={() => signOut.mutate({})}
                  disabled={signOut.isPending}
                >
                  Sign out
                </button>
              </>
            ) : me.isPending ? null : (
              <>
                <Link to={`/login${next}`} className="ui-button ui-button--ghost ui-button--small">
                  Sign in
                </Link>
                <Link to={`/register${next}`} className="ui-button ui-button--small">
                  Sign up
                </Link>
              </>
            )}
          </div>
        </div>
      </header>
      <main id="main" className="page-main">
        <Outlet />
      </main>
      <Notifications enabled={user?.role === 'CUSTOMER'} />
      <footer className="site-footer">Admit · Times are shown in each venue's local time zone.</footer>
    </>
  );
}
