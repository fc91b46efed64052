/**
 * What the console's lens draws for PaxosCertain, in the shape every log-ordered protocol gives it
 * (ProtocolCore.describeLog, app/protocol/replicated-log.ts): the key's entries as this replica holds
 * them — chosen, accepted (not yet known chosen) or a gap — with the ballot each was accepted at, the
 * DB's committed entry as the applied point, and as "leader" the replica holding the pre-authorised
 * ballot at the next entry (the one whose value won the last entry). Each row's command also carries
 * this replica's record and its views of the others at that entry (viewsOfRow reads them back), so the
 * lens can draw every node's view of every other, and this replica's trimmed entry, incarnation and
 * relearning phase (replicaOfRow), which the shared log description has no field for.
 */
import { describeCommand } from '../multipaxos/record';
import type { GroupLog, SlotRow } from '../protocol/replicated-log';
import { formatEntryRecord } from './certain-text';
import { ownRecord, viewOf } from './context';
import type { CertainNodeState, EntityState, Relearning } from './types';

/** The newest entries a description carries (the lens shows the last dozen). */
const rowsMax = 64;

/** The replica that may write the next entry in one round trip: the origin of the last chosen value. */
function preAuthorised(entity: EntityState): string {
  const last = entity.plog[entity.maxChosen];
  if (entity.maxChosen === 0) return entity.replicas[0]!;
  return last?.chosen && last.value?.kind === 'client' ? last.value.origin : '';
}

/** Where a row's command text turns to the replicas' records, and what separates them. */
const viewsMark = ' | views ';
const viewSeparator = ' · ';
/** Where a row's command text turns to this replica's own facts (replicaOfRow), before the views. */
const replicaMark = ' | replica ';

/** This replica's facts a row also carries: its trimmed entry, its incarnation, its relearning phase. */
export interface ReplicaFacts {
  /** The PLog keeps entries above this one (trim.ts). */
  trimmed: number;
  /** 0 until its disk was first wiped (learner.ts). */
  incarnation: number;
  /** While it relearns the key after a wiped disk: asking, claiming or finishing; null otherwise. */
  relearning: Relearning['phase'] | null;
}

function replicaFactsText(entity: EntityState): string {
  const phase = entity.relearning?.phase ?? 'no';
  return `${replicaMark}trimmed ${entity.db.trimmed} incarnation ${entity.db.incarnation} relearning ${phase}`;
}

/** The replica's facts a row's command carries, read back for the lens; null for a row without them. */
export function replicaOfRow(command: string): ReplicaFacts | null {
  const found = /\| replica trimmed (\d+) incarnation (\d+) relearning (\w+)/.exec(command);
  if (!found) return null;
  const phase = found[3]!;
  const relearning = phase === 'asking' || phase === 'claiming' || phase === 'finishing' ? phase : null;
  return { trimmed: Number(found[1]), incarnation: Number(found[2]), relearning };
}

/**
 * The records of every replica at one entry as a row's command carries them (its own and its views of
 * the others), read back for the lens's N × N picture; [] for a row that carries none.
 */
export function viewsOfRow(command: string): { replica: string; record: string }[] {
  const at = command.indexOf(viewsMark);
  if (at < 0) return [];
  return command
    .slice(at + viewsMark.length)
    .split(viewSeparator)
    .map((item) => {
      const space = item.indexOf(' ');
      return { replica: item.slice(0, space), record: item.slice(space + 1) };
    });
}

function rowOf(state: CertainNodeState, entity: EntityState, entry: number): SlotRow {
  const own = ownRecord(entity, entry);
  const records = entity.replicas.map((replica) => {
    const record = replica === state.config.self ? own : viewOf(entity, entry, replica);
    return `${replica} ${formatEntryRecord(record)}`;
  });
  const views = `${replicaFactsText(entity)}${viewsMark}${records.join(viewSeparator)}`;
  const applied = entry <= entity.db.committed;
  if (own.accepted === 0) {
    const command = `${own.promised > 0 ? `promised ${own.promised}` : 'nothing accepted'}${views}`.slice(
      0,
      1024,
    );
    return { slot: entry, state: 'gap', noop: false, view: null, command, tag: null, applied };
  }
  const value = own.value!;
  return {
    slot: entry,
    state: own.chosen ? 'chosen' : 'accepted',
    noop: value.kind === 'noop',
    view: own.accepted,
    command: `${describeCommand(value)}${views}`.slice(0, 1024),
    tag: value.tag,
    applied,
  };
}

/** The entries of `key` as this replica holds them; null when it holds nothing for the key. */
export function describeCertainLog(state: CertainNodeState, key: string): GroupLog | null {
  const entity = state.entities[key];
  if (!entity) return null;
  const top = Math.max(entity.maxChosen, ...Object.keys(entity.plog).map(Number), 0);
  const rows: SlotRow[] = [];
  // Trimmed entries are gone from the PLog (trim.ts); the lens shows where it starts.
  for (let entry = Math.max(entity.db.trimmed + 1, top - rowsMax + 1); entry <= top; entry++)
    rows.push(rowOf(state, entity, entry));
  // A replica holding no entry (wiped and relearning, or all trimmed) still tells its facts, on the open entry.
  if (rows.length === 0) rows.push(rowOf(state, entity, entity.maxChosen + 1));
  return {
    group: key,
    view: 0,
    leader: preAuthorised(entity) || entity.replicas[0]!,
    status: 'normal',
    leading: null,
    promised: ownRecord(entity, entity.maxChosen + 1).promised,
    commitPoint: entity.db.committed,
    maxSlot: top,
    learnerOnly: entity.relearning !== null,
    rows,
  };
}
