/** The keyboard shortcuts, listed from the same table the key handler uses. */
import { useConsole, useConsoleState } from '../views/use-console';
import { shortcuts } from './shortcuts';

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
        <table>
          <tbody>
            {shortcuts
              .filter((shortcut) => shortcut.keys !== '')
              .map((shortcut) => (
                <tr key={shortcut.keys}>
                  <th>
                    <kbd>{shortcut.keys}</kbd>
                  </th>
                  <td>{shortcut.description}</td>
                </tr>
              ))}
          </tbody>
        </table>
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
