/**
 * The PaxosCertain lens: for the newest entries of the key, every replica's view of every replica (the
 * N × N records that semi-symmetric messages keep: a row is one replica, its diagonal cell its own
 * record, the others what it last heard from them), how far each replica's DB has applied, where its
 * PLog starts (entries at or below its trimmed point are gone), and for a replica whose disk was wiped
 * its incarnation and relearning phase. All of it
 * is what the replicas' cores said (ProtocolCore.describeLog through inspectKey, read back with
 * viewsOfRow); the lens decides nothing about the protocol.
 */
import { replicaOfRow, viewsOfRow } from '../../../app/certain/describe';
import type { GroupLog } from '../../../app/protocol/replicated-log';
import { useInspectedViews } from './use-inspected-views';
import { ReplicaHead } from './ReplicaHead';

/** How often the replicas are read again while the lens shows the key. */
const readEveryMs = 1_000;
/** The newest entries drawn, each as one N × N block. */
const entriesShown = 4;

export function CertainViews({ itemKey, replicas }: { itemKey: string; replicas: readonly string[] }) {
  const views = useInspectedViews(itemKey, replicas, readEveryMs);
  const logs = views.map((view) => (view === undefined ? undefined : (view?.log ?? null)));
  return <CertainViewGrid itemKey={itemKey} replicas={replicas} logs={logs} />;
}

/** The blocks themselves, from each replica's log: null when it did not answer, undefined before. */
export function CertainViewGrid({
  itemKey,
  replicas,
  logs,
}: {
  itemKey: string;
  replicas: readonly string[];
  logs: readonly (GroupLog | null | undefined)[];
}) {
  const top = Math.max(0, ...logs.map((log) => log?.maxSlot ?? 0));
  const entries = Array.from({ length: Math.min(entriesShown, top) }, (_, i) => top - i);
  return (
    <div className="certain-views" data-key={itemKey}>
      <p className="slot-summary">
        DB applied:{' '}
        {replicas.map((node, i) => (
          <span key={node} className="mono" data-replica={node}>
            {node} {describeDb(logs[i])}
            {i < replicas.length - 1 ? ' · ' : ''}
          </span>
        ))}
      </p>
      {entries.length === 0 && <p className="dim">No replica holds an entry of “{itemKey}” yet.</p>}
      {entries.map((entry) => (
        <table key={entry} className="lens-grid certain-view-grid" data-entry={entry}>
          <caption className="mono">
            {itemKey}#{entry}: row = replica, column = its view of that replica
          </caption>
          <thead>
            <tr>
              <th />
              {replicas.map((node, i) => (
                <ReplicaHead key={node} node={node} role={i} />
              ))}
            </tr>
          </thead>
          <tbody>
            {replicas.map((observer, i) => {
              const log = logs[i];
              const row = log?.rows.find((candidate) => candidate.slot === entry);
              const seen = row ? viewsOfRow(row.command) : [];
              return (
                <tr key={observer} data-replica={observer}>
                  <ReplicaHead node={observer} role={i} />
                  {replicas.map((node) => {
                    const text =
                      log === undefined
                        ? '…'
                        : log === null
                          ? 'not reachable'
                          : recordText(seen, node, itemKey);
                    const own = node === observer;
                    return (
                      <td key={node} className={`lens-cell mono${own ? ' own-record' : ''}`} data-seen={node}>
                        {own ? <b>{text}</b> : text}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      ))}
    </div>
  );
}

function describeDb(log: GroupLog | null | undefined): string {
  if (log === undefined) return '…';
  if (log === null) return 'not reachable';
  const newest = log.rows[log.rows.length - 1];
  const facts = newest ? replicaOfRow(newest.command) : null;
  const trimmed = facts && facts.trimmed > 0 ? `, PLog from #${facts.trimmed + 1}` : '';
  const life = facts && facts.incarnation > 0 ? `, incarnation ${facts.incarnation}` : '';
  const relearning = facts?.relearning
    ? ` (relearning: ${facts.relearning})`
    : log.learnerOnly
      ? ' (relearning)'
      : '';
  return `#${log.commitPoint}${trimmed}${life}${relearning}`;
}

/** Request ids longer than this show their end only (agents make long ones); the key is the block's. */
const requestIdShown = 10;

function recordText(seen: readonly { replica: string; record: string }[], node: string, key: string): string {
  const record = seen.find((item) => item.replica === node)?.record;
  if (record === undefined || record === '[]') return '—';
  return record
    .replace(` ${key} (`, ' (')
    .replace(/\(([^)]+)\)/, (whole, id: string) =>
      id.length > requestIdShown ? `(…${id.slice(-requestIdShown)})` : whole,
    );
}
