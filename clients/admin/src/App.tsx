import { RouteEffects } from '@admit/ui/route-effects.tsx';
import { Navigate, Route, Routes } from 'react-router';
import { PublicLayout } from './components/Layout.tsx';
import { RequireAdmin } from './components/RequireAdmin.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { AdminsPage } from './pages/AdminsPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage.tsx';
import { JobsPage } from './pages/JobsPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { MailboxPage } from './pages/MailboxPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { SystemLogsPage } from './pages/SystemLogsPage.tsx';
import { UserPage } from './pages/UserPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { HOME } from './session.tsx';

const TITLES: [RegExp, string][] = [
  [/^\/users\/.+/, 'User'],
  [/^\/users$/, 'Users'],
  [/^\/admins$/, 'Admins'],
  [/^\/audit$/, 'Audit log'],
  [/^\/logs$/, 'System logs'],
  [/^\/jobs$/, 'Background jobs'],
  [/^\/mailbox$/, 'Mailbox'],
  [/^\/account$/, 'Account'],
  [/^\/login$/, 'Sign in'],
  [/^\/forgot-password$/, 'Reset password'],
];

export function App() {
  return (
    <>
      <RouteEffects titles={TITLES} site="Admit Admin" />
      <Routes>
        <Route
          path="login"
          element={
            <PublicLayout>
              <LoginPage />
            </PublicLayout>
          }
        />
        <Route
          path="forgot-password"
          element={
            <PublicLayout>
              <ForgotPasswordPage />
            </PublicLayout>
          }
        />
        <Route element={<RequireAdmin />}>
          <Route index element={<Navigate to={HOME} replace />} />
          <Route path="users" element={<UsersPage />} />
          <Route path="users/:id" element={<UserPage />} />
          <Route path="admins" element={<AdminsPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="logs" element={<SystemLogsPage />} />
          <Route path="jobs" element={<JobsPage />} />
          <Route path="mailbox" element={<MailboxPage />} />
          <Route path="account" element={<AccountPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </>
  );
}
