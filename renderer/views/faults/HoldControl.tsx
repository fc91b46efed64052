/**
 * Hold mode: messages on all links (or on one) wait in the sender's gate until released, dropped or
 * duplicated one at a time from the tray below.
 */
import { useState } from 'react';
import type { Link } from '../../../app/model/fault-model';
import { applyFault } from '../../actions/faults';
import { useConsole, useConsoleState } from '../use-console';
import { useLocations } from '../use-cluster';

export function HoldControl() {
  const consoleHandle = useConsole();
  const hold = useConsoleState((state) => state.faults.hold);
  const locations = useLocations();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('*');
  const source = from || locations[0]?.id || '';
  return (
    <details className="fault-control" open>
      <summary>Hold messages</summary>
      <div className="row">
        <label>
          <input
            type="checkbox"
            aria-label="hold all messages"
            checked={hold.all}
            onChange={(event) =>
              void applyFault(
                consoleHandle,
                event.target.checked ? { kind: 'hold' } : { kind: 'unhold' },
                event.target.checked ? 'Holding every message' : 'Hold mode off (held messages stay held)',
              )
            }
          />{' '}
          hold all messages
        </label>
      </div>
      <div className="row">
        <select aria-label="hold from" value={source} onChange={(event) => setFrom(event.target.value)}>
          {locations.map((node) => (
            <option key={node.id}>{node.id}</option>
          ))}
        </select>
        <span aria-hidden="true">→</span>
        <select aria-label="hold to" value={to} onChange={(event) => setTo(event.target.value)}>
          <option value="*">any node</option>
          {locations.map((node) => (
            <option key={node.id}>{node.id}</option>
          ))}
        </select>
        <button
          onClick={() =>
            void applyFault(
              consoleHandle,
              { kind: 'hold', link: { from: source, to } },
              `Holding ${source} → ${to}`,
            )
          }
        >
          Hold link
        </button>
      </div>
      <HeldLinks links={hold.links} />
    </details>
  );
}

/** The links being held, each with a button to stop holding it (what is held stays held). */
function HeldLinks({ links }: { links: Link[] }) {
  const consoleHandle = useConsole();
  if (links.length === 0) return null;
  return (
    <ul className="fault-list">
      {links.map((link) => (
        <li key={`${link.from}>${link.to}`}>
          holding {link.from} → {link.to}{' '}
          <button
            className="small"
            onClick={() =>
              void applyFault(
                consoleHandle,
                { kind: 'unhold', link },
                `Stopped holding ${link.from} → ${link.to}`,
              )
            }
          >
            stop
          </button>
        </li>
      ))}
    </ul>
  );
}
