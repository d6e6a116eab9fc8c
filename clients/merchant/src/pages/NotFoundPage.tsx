import { EmptyState } from '@admit/ui';
import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <div className="page">
      <EmptyState title="Page not found">
        <p>The page you asked for does not exist.</p>
        <Link to="/account" className="ui-button">
          Go to your account
        </Link>
      </EmptyState>
    </div>
  );
}
