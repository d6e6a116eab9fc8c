import '@admit/ui/styles.css';
import './usher.css';
import { AdmitProvider } from '@admit/ui';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { startServiceWorker } from './pwa.ts';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <AdmitProvider>
      <App />
    </AdmitProvider>
  </StrictMode>,
);

startServiceWorker();
