import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { DevicePage } from './pages/DevicePage.tsx';
import { DutyPage } from './pages/DutyPage.tsx';
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
          <Route path="/duty" element={<DutyPage />} />
          <Route path="/device" element={<DevicePage />} />
        </Route>
        <Route path="*" element={<Navigate to="/scan" replace />} />
      </Routes>
    </BrowserRouter>
  );
}
