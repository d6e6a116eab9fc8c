import { EmptyState } from '@admit/ui';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { HOME } from '../session.tsx';

/** Unknown route, or an id that is not (or no longer) there. */
export function NotFoundPage({
  title = 'Page not found',
  children = <p>The page you asked for does not exist.</p>,
  to = HOME,
  action = 'Go to users',
}: {
  title?: string;
  children?: ReactNode;
  to?: string;
  action?: string;
}) {
  return (
    <div className="page page--medium">
      <EmptyState title={title}>
        {children}
        <Link to={to} className="ui-button">
          {action}
        </Link>
      </EmptyState>
    </div>
  );
}
