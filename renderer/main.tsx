import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { hasApi } from './api.ts';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { createQueryClient } from './usePositions.ts';
import './styles.css';

function NoBridge() {
  return (
    <main className="screen">
      <h1>Bitget Panic Button</h1>
      <p className="error-message">This window has no connection to the app (window.panic is missing).</p>
      <p>Open it from the Bitget Panic Button app, not from a web browser.</p>
    </main>
  );
}

const root = document.getElementById('root');
if (root) {
  const queryClient = createQueryClient();
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <ErrorBoundary area="The window">{hasApi() ? <App /> : <NoBridge />}</ErrorBoundary>
      </QueryClientProvider>
    </StrictMode>,
  );
}
