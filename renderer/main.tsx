/** The renderer's entry: one store, one client (IPC in Electron, WebSocket when headless), one App. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadSettings } from './actions/settings';
import { App } from './app/App';
import { connectConsole } from './client/connect';
import { connectStore } from './store/connect-store';
import { createConsoleStore } from './store/store';
import { ConsoleProvider } from './views/use-console';
import './styles/theme.css';
import './styles/layout.css';
import './styles/views.css';

const store = createConsoleStore();
loadSettings(store);
const client = connectConsole();
connectStore(store, client);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConsoleProvider consoleHandle={{ store, client }}>
      <App />
    </ConsoleProvider>
  </StrictMode>,
);
