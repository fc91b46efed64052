/**
 * The PLog lens: one key's Paxos instances on each of its three replicas (A, B, C) — promised ballot,
 * accepted ballot and value, chosen — with the change that just happened highlighted. It follows the
 * last key written, or a key the person picks.
 */
import { useEffect, useMemo, useState } from 'react';
import { inspectKey } from '../../actions/inspect-key';
import { formatBallot } from '../../../app/paxos/ballot';
import type { Ballot } from '../../../app/paxos/types';
import { protocolNamed } from '../../../app/protocol/registry';
import { updateSettings } from '../../actions/settings';
import type { PLogField, PLogRow } from '../../store/observed-cluster';
import { plogLens, recentKeys } from '../../store/selectors/plog-lens';
import { shownObserved } from '../../store/slices/observed-slice';
import { useConsole, useConsoleState, useShown } from '../use-console';
import { useLensKey, useReplicasOf } from '../use-cluster';
import { CertainViews } from './CertainViews';
import { ReplicaCopies } from './ReplicaCopies';
import { SlotLog } from './SlotLog';
import { WPaxosGrid } from './WPaxosGrid';
import { ReplicaHead } from './ReplicaHead';

export function PLogLens() {
  const { store } = useConsole();
  const key = useLensKey();
  const follow = useConsoleState((state) => state.settings.followLastWritten);
  const replicas = useReplicasOf(key);
  const protocol = useConsoleState((state) => state.cluster.topology?.protocol ?? 'paxoskv');
  const keyView = useShown((observed) => (key ? observed.keys[key] : undefined));
  const [keys, setKeys] = useState<string[]>([]);
  const lens = useMemo(
    () => (key && replicas ? plogLens(keyView, key, replicas) : null),
    [key, replicas, keyView],
  );
  useInspectedRecords(key, replicas);

  return (
    <section className="panel plog-lens" aria-label="PLog lens">
      <h2>
        PLog lens <span className="spacer" />
        <label className="follow">
          <input
            type="checkbox"
            checked={follow}
            onChange={(event) => updateSettings(store, { followLastWritten: event.target.checked })}
          />
          follow last written
        </label>
      </h2>
      <div className="row">
        <label htmlFor="lens-key" className="dim">
          key
        </label>
        <input
          id="lens-key"
          className="mono"
          list="lens-keys"
          value={key ?? ''}
          placeholder="pick or type a key"
          onFocus={() => setKeys(recentKeys(shownObserved(store.getState()), 30))}
          onChange={(event) => {
            store.setState({ pickedKey: event.target.value || null });
            updateSettings(store, { followLastWritten: false });
          }}
        />
        <datalist id="lens-keys">
          {keys.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </div>
      {!key && <p className="dim">Write a key from the client console, or pick one, to see its PLog here.</p>}
      {protocol === 'wpaxos' && <WPaxosGrid lensKey={key} />}
      {protocol === 'certain' && key && replicas && <CertainViews itemKey={key} replicas={replicas} />}
      {protocol === 'paxoskv'
        ? lens && <LensGrid lens={lens} />
        : key &&
          replicas &&
          // WPaxos keeps no copy per key replica: its grid above is the whole picture.
          protocol !== 'wpaxos' &&
          (protocolNamed(protocol).describeLog ? (
            <SlotLog itemKey={key} />
          ) : (
            <ReplicaCopies itemKey={key} replicas={replicas} />
          ))}
    </section>
  );
}

/** How often the lens reads the replicas' records again while it shows a key. */
const inspectEveryMs = 1_500;

/** Reads the key's durable records when the key changes, after each operation on it, and periodically. */
function useInspectedRecords(key: string | null, replicas: string[] | null): void {
  const consoleHandle = useConsole();
  const operationsOnKey = useConsoleState(
    (state) =>
      state.operations.filter((record) => record.operation.key === key && record.outcome.status !== 'pending')
        .length,
  );
  useEffect(() => {
    if (!key || !replicas) return;
    void inspectKey(consoleHandle, key, replicas);
    const timer = setInterval(() => void inspectKey(consoleHandle, key, replicas), inspectEveryMs);
    return () => clearInterval(timer);
  }, [consoleHandle, key, replicas, operationsOnKey]);
}

function LensGrid({ lens }: { lens: ReturnType<typeof plogLens> }) {
  if (lens.rows.length === 0) {
    return <p className="dim">No instance of “{lens.key}” seen yet.</p>;
  }
  const readValues = valuesByRequest(lens.rows.flatMap((row) => row.cells));
  return (
    <table className="lens-grid" data-key={lens.key}>
      <thead>
        <tr>
          <th>index</th>
          {lens.replicas.map((node, i) => (
            <ReplicaHead key={node} node={node} role={i} />
          ))}
        </tr>
      </thead>
      <tbody>
        {lens.rows.map((row) => (
          <tr key={row.index} data-index={row.index}>
            <th className="mono">#{row.index}</th>
            {row.cells.map((cell, i) => (
              <LensCell
                key={lens.replicas[i]}
                cell={cell && withReadValue(cell, readValues)}
                node={lens.replicas[i]!}
                latestN={lens.latestChangeN}
              />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function LensCell({ cell, node, latestN }: { cell: PLogRow | null; node: string; latestN: number }) {
  if (!cell) {
    return (
      <td className="lens-cell empty" data-replica={node}>
        —
      </td>
    );
  }
  const fresh = cell.changedN === latestN && latestN > 0;
  const mark = (field: PLogField) => (fresh && cell.changedFields.includes(field) ? ' changed' : '');
  return (
    <td
      className={`lens-cell${cell.chosen ? ' chosen' : ''}${fresh ? ' fresh' : ''}`}
      data-replica={node}
      data-chosen={cell.chosen}
    >
      <div className={`lens-line${mark('promised')}`}>
        <span className="dim">promised</span> {ballotText(cell.promised)}
      </div>
      <div className={`lens-line${mark('accepted')}`}>
        <span className="dim">accepted</span> {ballotText(cell.accepted)}
        {cell.requestId !== null && (
          <span
            className="mono value"
            data-value={valueRead(cell) ? 'read' : 'request'}
            data-request={cell.requestId}
          >
            {' '}
            {valueText(cell)}
          </span>
        )}
      </div>
      <div className={`lens-line${mark('chosen')}${mark('rejected')}`}>
        {cell.chosen ? (
          <span className="chosen-badge">
            chosen{cell.learnedFrom ? ` (learned from ${cell.learnedFrom})` : ''}
          </span>
        ) : (
          <span className="dim">not chosen</span>
        )}
        {cell.rejectedBy && <span className="rejected"> beaten by {formatBallot(cell.rejectedBy)}</span>}
      </div>
      {cell.proposed && (
        <div className={`lens-line${mark('proposed')}`}>
          <span className="dim">proposed</span> {formatBallot(cell.proposed)}
        </div>
      )}
    </td>
  );
}

function ballotText(ballot: Ballot | null): string {
  return ballot ? formatBallot(ballot) : '—';
}

/**
 * The values read from records, by the request that wrote them. A request has one value wherever it is
 * accepted, so a cell whose own record no longer holds the entry (a replica keeps only its newest) shows
 * the value another replica's record gave: the picture then depends on the records, not on which reads
 * this window happened to make earlier.
 */
function valuesByRequest(cells: readonly (PLogRow | null)[]): Map<string, PLogRow> {
  const read = new Map<string, PLogRow>();
  for (const cell of cells) {
    if (cell?.requestId && valueRead(cell)) read.set(cell.requestId, cell);
  }
  return read;
}

function withReadValue(cell: PLogRow, readValues: Map<string, PLogRow>): PLogRow {
  const known = cell.requestId ? readValues.get(cell.requestId) : undefined;
  if (!known || valueRead(cell)) return cell;
  return { ...cell, value: known.value, deleted: known.deleted };
}

/** Whether the cell knows what the value is (from a record read), not only which request wrote it. */
function valueRead(row: PLogRow): boolean {
  return row.deleted || row.value !== null || row.requestId === '';
}

/** A value is shown as its text when read from the record, else by the request that wrote it ("" is a no-op). */
function valueText(row: PLogRow): string {
  const version = row.version === null ? '' : ` v${row.version}`;
  if (row.deleted) return `deleted${version}`;
  if (row.value !== null)
    return `“${row.value.length > 16 ? `${row.value.slice(0, 15)}…` : row.value}”${version}`;
  if (row.requestId === '') return 'no-op';
  const request = row.requestId ?? '';
  const short = request.length > 14 ? `${request.slice(0, 6)}…${request.slice(-6)}` : request;
  return row.version === null ? short : `${short} v${row.version}`;
}
