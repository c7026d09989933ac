// Base styles first so page styles, bundled after them, can refine the shared rules.
import './styles/base.css';
import './styles/shell.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { applyLargeText, isLargeTextStored } from './app/largeText';
import { registerServiceWorker } from './shared/serviceWorker';
import { SessionProvider } from './shared/session';
import { initI18n } from './i18n';

initI18n();
// Before the first paint, so a reader who needs large text never sees the small layout flash.
applyLargeText(isLargeTextStored());

registerServiceWorker();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <SessionProvider>
      <App />
    </SessionProvider>
  </StrictMode>,
);
