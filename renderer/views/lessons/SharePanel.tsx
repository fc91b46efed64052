/**
 * Share the simulated run: a button that asks main for it, then the address to hand out (with a copy
 * button) and the file to download; and opening a scenario file someone handed over.
 */
import { useRef } from 'react';
import type { ConsoleHandle } from '../../actions/console-handle';
import { useConsoleState } from '../use-console';
import { downloadScenario, openScenarioFile, shareScenario, sharedAddress } from './share-actions';

export function SharePanel({ consoleHandle }: { consoleHandle: ConsoleHandle }) {
  const simulated = useConsoleState((state) => state.simulation !== null);
  const shared = useConsoleState((state) => state.shared);
  const fileInput = useRef<HTMLInputElement>(null);
  const address = shared?.fragment ? sharedAddress(shared.fragment, globalThis.location) : null;
  return (
    <div className="lesson-share">
      <div className="row">
        {simulated && (
          <button onClick={() => void shareScenario(consoleHandle)} title="The simulated run as it stands">
            Share
          </button>
        )}
        <button onClick={() => fileInput.current?.click()} title="Open a scenario file in the simulator">
          Open scenario file…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          aria-label="scenario file"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void openScenarioFile(consoleHandle, file);
          }}
        />
      </div>
      {shared && (
        <div className="shared" data-testid="shared-scenario">
          {address ? (
            <>
              <input
                readOnly
                aria-label="shared address"
                value={address}
                onFocus={(event) => event.target.select()}
              />
              <button onClick={() => void navigator.clipboard?.writeText(address)}>Copy</button>
            </>
          ) : (
            <span className="dim">Too long for an address: hand out the file.</span>
          )}
          <button onClick={() => downloadScenario(shared.fileName, shared.file)}>Download file</button>
          <span className="dim">
            {shared.inputCount} inputs; the address opens on any console (without this one's token).
          </span>
        </div>
      )}
    </div>
  );
}
