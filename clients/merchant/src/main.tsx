import '@admit/ui/styles.css';
import '@admit/ui/shell.css';
import '@admit/ui/portal/portal.css';
import '@admit/ui/work.css';
import './merchant.css';
import { AdmitProvider } from '@admit/ui';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <AdmitProvider>
      <BrowserRouter basename="/merchant">
        <App />
      </BrowserRouter>
    </AdmitProvider>
  </StrictMode>,
);
