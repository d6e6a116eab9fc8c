import { EmptyState } from '@admit/ui';
import { Link } from 'react-router';
import { HOME } from '../session.tsx';

export function NotFoundPage() {
  return (
    <div className="page page--medium">
      <EmptyState title="Page not found">
        <p>The page you asked for does not exist.</p>
        <Link to={HOME} className="ui-button">
          Go to your account
        </Link>
      </EmptyState>
    </div>
  );
}
