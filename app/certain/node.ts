/**
 * PaxosCertain behind the protocol interface: building a node (fresh, restarted from its PLog and DB
 * rows, or from a wiped disk) and routing each input. Every step starts with the DB worker: chosen
 * entries written in an earlier step are applied now, so a crash can fall between the two writes.
 */
import type { CoreConfig } from '../paxos/types';
import { messageRejected } from '../protocol/input-rejection';
import { advanceClock, routeInput, startNodeBase } from '../protocol/node-base';
import type { NodeStart, ProtocolInput } from '../protocol/protocol';
import { createPrng } from '../util/prng';
import { catchUpTick } from './catch-up';
import { expirePending, onClient } from './clients';
import { beginStep, emit, finishStep, type Ready, type Step } from './context';
import { applyChosen } from './db';
import { entityOf, isIdle, loadEntities } from './entity';
import { finishRelearning, learnerTick } from './learner';
import { drive, proposerTick } from './propose';
import { onEntryState } from './receive';
import { checkCertainRecord } from './record';
import type {
  CertainMessage,
  CertainNodeState,
  CertainRecord,
  DbRecord,
  EntityState,
  PlogRecord,
} from './types';
import { validateMessage } from './validate';

export function createCertainNode(config: CoreConfig, start: NodeStart<CertainRecord>): CertainNodeState {
  const state: CertainNodeState = Object.assign(startNodeBase(config, start), {
    prng: createPrng(start.seed),
    entities: {},
    wiped: start.learnerOnly === true,
    pendingCount: 0,
    applyDue: {},
    awake: {},
  });
  const dbRows: DbRecord[] = [];
  const plogRows: PlogRecord[] = [];
  for (const record of start.records ?? []) {
    const problem = checkCertainRecord(record);
    if (problem) throw new Error(`records["${record?.key}"]: ${problem}`);
    (record.kind === 'db' ? dbRows : plogRows).push(record as never);
  }
  loadEntities(state, dbRows, plogRows);
  for (const entity of Object.values(state.entities)) {
    if (entity.plog[entity.db.committed + 1]?.chosen) state.applyDue[entity.key] = 'replay';
  }
  return state;
}

export function stepCertain(
  state: CertainNodeState,
  input: ProtocolInput<CertainMessage>,
): { state: CertainNodeState; ready: Ready } {
  const step = beginStep(state);
  runDbWorker(step);
  routeInput(input, {
    tick: (nowMs) => onTick(step, nowMs),
    receive: (message) => onMessage(step, message),
    client: (request) => {
      const entity = onClient(step, request);
      if (entity) drive(step, entity);
    },
    refuse: (event) => step.ready.events.push(event),
  });
  return finishStep(step);
}

function runDbWorker(step: Step): void {
  const { state } = step;
  const due = Object.entries(state.applyDue);
  if (due.length === 0) return;
  state.applyDue = {};
  for (const [key, how] of due) {
    const entity = state.entities[key]!;
    applyChosen(step, entity, how === 'replay');
    finishRelearning(step, entity);
    drive(step, entity);
  }
}

function onTick(step: Step, nowMs: number): void {
  const { state } = step;
  const rejected = advanceClock(state, nowMs);
  if (rejected) {
    emit(step, rejected);
    return;
  }
  for (const key of Object.keys(state.awake)) {
    const entity = state.entities[key]!;
    tickEntity(step, entity);
    if (isIdle(entity)) delete state.awake[key];
  }
}

function tickEntity(step: Step, entity: EntityState): void {
  expirePending(step, entity);
  learnerTick(step, entity);
  catchUpTick(step, entity);
  proposerTick(step, entity);
  drive(step, entity);
}

function onMessage(step: Step, message: CertainMessage): void {
  const problem = validateMessage(message, step.state.config);
  if (problem) {
    emit(step, messageRejected(message, problem));
    return;
  }
  const entity = entityOf(step.state, message.key);
  onEntryState(step, entity, message);
  drive(step, entity);
}
