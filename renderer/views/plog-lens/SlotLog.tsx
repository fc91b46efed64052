/**
 * The lens for a leader-based protocol (multi-Paxos): the slot log of the key's group on each member,
 * newest slots last — chosen, accepted (not yet known chosen), gaps, and the no-ops a new leader put in
 * gaps — with the view and leader each member believes in. Everything shown is what the members' cores
 * said (ProtocolCore.describeLog through inspectKey); the lens decides nothing about the protocol.
 */
import { useMemo } from 'react';
import type { GroupLog, SlotRow } from '../../../app/protocol/replicated-log';
import { placeKey } from '../../../app/paxos/placement';
import { usePlacementGroups } from '../use-cluster';
import { useInspectedViews } from './use-inspected-views';
import './slot-log.css';

/** How often the members' logs are read again while the lens shows the key. */
const readEveryMs = 1_000;
/** The newest slots shown; older ones scroll out (the core sends its newest 64). */
const slotsShown = 12;

export function SlotLog({ itemKey }: { itemKey: string }) {
  const groups = usePlacementGroups();
  const members = useMemo(() => {
    if (groups.length === 0) return [];
    const id = placeKey(groups, itemKey).groupId;
    return groups.find((group) => group.id === id)?.members ?? [];
  }, [groups, itemKey]);
  const views = useInspectedViews(itemKey, members, readEveryMs);
  const logs = views.map((view) => (view === undefined ? undefined : (view?.log ?? null)));
  return <SlotGrid itemKey={itemKey} members={members} logs={logs} />;
}

/**
 * The grid itself, from what each member answered: its log, null when it did not answer (down), or
 * undefined while it has not been read yet.
 */
export function SlotGrid({
  itemKey,
  members,
  logs,
}: {
  itemKey: string;
  members: readonly string[];
  logs: readonly (GroupLog | null | undefined)[];
}) {
  const newest = newestView(logs);
  const slots = slotNumbers(logs);
  return (
    <div className="slot-log" data-key={itemKey}>
      {newest ? (
        <ViewSummary log={newest} />
      ) : (
        <p className="dim">No member of the key’s group answered yet.</p>
      )}
      <table className="lens-grid slot-grid">
        <thead>
          <tr>
            <th>slot</th>
            <th className="slot-command-head">command</th>
            {members.map((node, i) => (
              <MemberHead key={node} node={node} log={logs[i]} />
            ))}
          </tr>
        </thead>
        <tbody>
          {slots.length === 0 && (
            <tr>
              <td className="dim" colSpan={members.length + 2}>
                The log is empty: nothing was ordered in this group yet.
              </td>
            </tr>
          )}
          {slots.map((slot) => {
            const rows = logs.map((log) => log?.rows.find((row) => row.slot === slot));
            const shown = commandShown(rows);
            return (
              <tr key={slot} data-slot={slot}>
                <th className="mono">#{slot}</th>
                <td
                  className={`slot-command mono${shown?.noop ? ' noop' : ''}`}
                  title={shown ? `${shown.command} [${shown.tag}]` : 'no member holds a command here yet'}
                >
                  {shown ? (shown.noop ? 'no-op' : shown.command) : '—'}
                </td>
                {members.map((node, i) => (
                  <SlotCell key={node} node={node} log={logs[i]} row={rows[i]} />
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="slot-legend dim">
        <span className="slot-mark chosen">✓</span> chosen and applied{' '}
        <span className="slot-mark chosen">C</span> chosen <span className="slot-mark accepted">A</span>{' '}
        accepted, not known chosen <span className="slot-mark gap">·</span> gap · ★ the member serving as
        leader
      </p>
    </div>
  );
}

/** The member that reports the highest view, the one leading it first: the group's newest word. */
function newestView(logs: readonly (GroupLog | null | undefined)[]): GroupLog | null {
  let newest: GroupLog | null = null;
  for (const log of logs) {
    if (!log) continue;
    if (!newest || log.view > newest.view || (log.view === newest.view && log.leading && !newest.leading)) {
      newest = log;
    }
  }
  return newest;
}

/** The newest `slotsShown` slot numbers any member reported, lowest first. */
function slotNumbers(logs: readonly (GroupLog | null | undefined)[]): number[] {
  const top = Math.max(0, ...logs.map((log) => log?.maxSlot ?? 0));
  const first = Math.max(1, top - slotsShown + 1);
  return Array.from({ length: top - first + 1 }, (_, i) => first + i);
}

function ViewSummary({ log }: { log: GroupLog }) {
  const phase =
    log.leading === 'serving'
      ? 'serving: phase 2 per slot'
      : log.leading === 'preparing'
        ? 'preparing: phase 1 for this view'
        : log.status === 'viewChange'
          ? 'view change under way'
          : 'not heard leading yet';
  return (
    <p className="slot-summary" data-view={log.view} data-leader={log.leader}>
      group <b className="mono">{log.group}</b> · view <b className="mono">{log.view}</b> · leader{' '}
      <b className="mono">{log.leader}</b> <span className="dim">({phase})</span> · commit point{' '}
      <b className="mono">#{log.commitPoint}</b>
    </p>
  );
}

function MemberHead({ node, log }: { node: string; log: GroupLog | null | undefined }) {
  const leads = log?.leading === 'serving';
  const detail =
    log === undefined
      ? '…'
      : log === null
        ? 'down'
        : `v${log.view}${log.status === 'viewChange' ? ' ?' : ''}`;
  return (
    <th
      data-member={node}
      className={leads ? 'slot-leader' : undefined}
      title={
        log
          ? `${node}: view ${log.view} (${log.status}), promised ${log.promised}, commit point #${log.commitPoint}${log.learnerOnly ? ', learner-only' : ''}`
          : `${node}: ${log === null ? 'did not answer' : 'reading'}`
      }
    >
      {node}
      {leads ? '★' : ''}
      <span className="slot-member-view dim mono">{detail}</span>
    </th>
  );
}

/** The command a slot row names: a chosen one if any member knows it, else the one of the highest view. */
function commandShown(rows: readonly (SlotRow | undefined)[]): SlotRow | null {
  let shown: SlotRow | null = null;
  for (const row of rows) {
    if (!row || row.state === 'gap') continue;
    if (row.state === 'chosen') return row;
    if (!shown || (row.view ?? -1) > (shown.view ?? -1)) shown = row;
  }
  return shown;
}

const marks = { chosen: 'C', accepted: 'A', gap: '·' } as const;

function SlotCell({
  node,
  log,
  row,
}: {
  node: string;
  log: GroupLog | null | undefined;
  row: SlotRow | undefined;
}) {
  if (!log) {
    return (
      <td className="lens-cell slot-cell empty" data-member={node}>
        {log === null ? '×' : '…'}
      </td>
    );
  }
  const state = row?.state ?? 'gap';
  const mark = state === 'chosen' && row?.applied ? '✓' : marks[state];
  const title =
    row && state !== 'gap'
      ? `${node}: ${row.noop ? 'no-op' : row.command} ${state} in view ${row.view}${row.applied ? ', applied' : ''}`
      : `${node}: gap (nothing accepted here)`;
  return (
    <td
      className={`lens-cell slot-cell ${state}${row?.noop ? ' noop' : ''}`}
      data-member={node}
      data-state={state}
      data-noop={row?.noop ?? false}
      data-view={row?.view ?? ''}
      title={title}
    >
      {mark}
    </td>
  );
}
