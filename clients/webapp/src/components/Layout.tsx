import { Link, NavLink, Outlet } from 'react-router';
import { useMe, useSignOut } from '../session.tsx';

export function Layout() {
  const me = useMe();
  const signOut = useSignOut();
  const user = me.data;
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
            <NavLink to="/tickets">My tickets</NavLink>
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
                <Link to="/login" className="ui-button ui-button--ghost ui-button--small">
                  Sign in
                </Link>
                <Link to="/register" className="ui-button ui-button--small">
                  Create account
                </Link>
              </>
            )}
          </div>
        </div>
      </header>
      <main id="main" className="page-main">
        <Outlet />
      </main>
      <footer className="site-footer">Admit · Times are shown in each venue's local time zone.</footer>
    </>
  );
}
