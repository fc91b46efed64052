/**
 * The keyboard shortcuts, listed from the same tables the key handlers use: the console's, then the
 * lesson's and the simulated cluster's (views/lessons/lesson-keys.ts), which come first while a lesson
 * is open.
 */
import { lessonKeyHelp, simulationKeyHelp } from '../views/lessons/lesson-keys';
import { useConsole, useConsoleState } from '../views/use-console';
import { shortcuts } from './shortcuts';

function KeyTable({ rows }: { rows: readonly { keys: string; description: string }[] }) {
  return (
    <table>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.keys} ${row.description}`}>
            <th>
              <kbd>{row.keys}</kbd>
            </th>
            <td>{row.description}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HelpOverlay() {
  const { store } = useConsole();
  const open = useConsoleState((state) => state.helpOpen);
  if (!open) return null;
  return (
    <div
      className="overlay"
      role="dialog"
      aria-modal="true"
      aria-label="keyboard shortcuts"
      onClick={() => store.setState({ helpOpen: false })}
    >
      <div className="overlay-card" onClick={(event) => event.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <KeyTable rows={shortcuts.filter((shortcut) => shortcut.keys !== '')} />
        <h3>While a lesson is open (before the keys above)</h3>
        <KeyTable rows={lessonKeyHelp} />
        <h3>Simulated cluster</h3>
        <KeyTable rows={simulationKeyHelp} />
        <p className="dim">
          Right-click a node for its actions. Click a message or step in the timeline to inspect it. Drag the
          timeline&apos;s slider to rewind; the cluster keeps running meanwhile. In the Checker panel, click
          an operation bar to see it; red bars are operations the linearizability check could not place.
        </p>
        <button onClick={() => store.setState({ helpOpen: false })}>Close</button>
      </div>
    </div>
  );
}
