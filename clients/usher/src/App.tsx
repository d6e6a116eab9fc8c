import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { LoginPage } from './pages/LoginPage.tsx';
import { LogsPage } from './pages/LogsPage.tsx';
import { ScanPage } from './pages/ScanPage.tsx';
import { Shell } from './Shell.tsx';

export function App() {
  return (
    <BrowserRouter basename="/usher">
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route element={<Shell />}>
          <Route path="/scan" element={<ScanPage />} />
          <Route path="/logs" element={<LogsPage />} />
        </Route>
        <Route path="*" element={<Navigate to="/scan" replace />} />
      </Routes>
    </BrowserRouter>
  );
}
