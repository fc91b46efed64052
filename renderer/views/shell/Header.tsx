/** The bar at the top: the cluster's state and controls, the connection, display settings and help. */
import { useRef } from 'react';
import { exportTrace, importTrace } from '../../actions/trace-import-export';
import { updateSettings } from '../../actions/settings';
import { useConsole, useConsoleState } from '../use-console';
import { ClusterKindBadge } from '../simulation/ClusterKindBadge';
import { ClusterControls } from './ClusterControls';
import { RecorderStatus } from './RecorderStatus';
import { SpeedControl } from './SpeedControl';

export function Header() {
  const consoleHandle = useConsole();
  const { store } = consoleHandle;
  const connection = useConsoleState((state) => state.connection);
  const settings = useConsoleState((state) => state.settings);
  const fileRef = useRef<HTMLInputElement>(null);
  return (
    <header className="app-header">
      <h1>Paxoscope</h1>
      <ClusterKindBadge />
      <ClusterControls />
      <span
        className={`connection connection-${connection}`}
        data-connection={connection}
        title="link to the console's main process"
      >
        {connection}
      </span>
      <RecorderStatus />
      <span className="spacer" />
      <SpeedControl />
      <button
        onClick={() => void exportTrace(consoleHandle)}
        title="Export the recorded events as a trace file (E)"
      >
        Export trace
      </button>
      <button onClick={() => fileRef.current?.click()} title="Load a trace file to view offline">
        Import trace
      </button>
      <input
        ref={fileRef}
        type="file"
        accept=".jsonl,.ndjson,.json,application/x-ndjson"
        hidden
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) void importTrace(consoleHandle, file);
          event.target.value = '';
        }}
      />
      <button
        aria-pressed={settings.presenter}
        onClick={() => updateSettings(store, { presenter: !settings.presenter })}
        title="Large type for projectors (P)"
      >
        Presenter
      </button>
      <button
        onClick={() => updateSettings(store, { theme: settings.theme === 'dark' ? 'light' : 'dark' })}
        title="Light or dark theme (T)"
      >
        {settings.theme === 'dark' ? 'Light' : 'Dark'} theme
      </button>
      <button onClick={() => store.setState({ helpOpen: true })} title="Keyboard shortcuts (?)">
        ?
      </button>
    </header>
  );
}
