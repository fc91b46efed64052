/**
 * The console's queue, set, table and image-key commands: the structure library of `npm run kv`
 * (runStructureAction, ImageStore) run in the console's main process, each read and compare-and-set
 * sent through the chosen node like the console's KV command (callAgent; the node forwards keys it
 * does not hold). So the same code serves a real and a simulated cluster, and every write shows as an
 * ordinary Paxos write of an ordinary key. After an operation the structure is read whole, for the
 * client console to show its value.
 */
import type { CommandArgs } from '../../app/contract/console-contract';
import type {
  ConsoleStructureAction,
  ImageCommandResult,
  StructureCommandResult,
} from '../../app/contract/structure-commands';
import { CorruptValueError } from '../../app/kv/structures/structure-value';
import type { Topology } from '../../app/model/topology';
import { FieldError } from '../../app/util/field-error';
import {
  averageHash,
  callAgent,
  clusterPort,
  decodeImage,
  imageAnswer,
  ImageStore,
  isServiceError,
  KvCallError,
  kvFailureOf,
  newRequestId,
  readStructureValue,
  RequestIdReusedError,
  resultLines,
  runStructureAction,
  StructureGaveUpError,
  structureLimits,
  type DataStructureAction,
  type KvPort,
  type OperationRun,
  type StructureValue,
} from '../../node-agent';
import type { AgentClient } from '../agents/agent-client';
import { kvCallTimeoutMs, type ProtocolRate } from './kv-commands';

/** The store through one node, as the console's KV command reaches it. */
export function nodePort(client: AgentClient, rate: ProtocolRate): KvPort {
  return clusterPort({
    async run(operation, options) {
      try {
        const reply = await callAgent(client.kv, operation, {
          requestId: options?.requestId,
          timeoutMs: kvCallTimeoutMs,
          metadata: client.metadata(),
          protocolRate: rate,
        });
        return { reply, answeredBy: client.nodeId, failedAttempts: [] };
      } catch (error) {
        if (!isServiceError(error)) throw error;
        throw new KvCallError([{ nodeId: client.nodeId, failure: kvFailureOf(error), error }]);
      }
    },
  });
}

export async function runStructure(
  client: AgentClient,
  topology: Topology,
  input: CommandArgs<'structure'>,
  rate: ProtocolRate,
): Promise<StructureCommandResult> {
  const port = nodePort(client, rate);
  const limits = structureLimits(topology);
  const requestId = input.requestId ?? newRequestId('console');
  const action = actionOf(input.action);
  const startedMs = performance.now();
  try {
    const { result, run } = await runStructureAction(port, limits, action, { requestId });
    const latencyMs = performance.now() - startedMs;
    const { lines, exitCode } = resultLines(action, result);
    const shown = await readStructureValue(port, limits, action).then(
      (value) => ({ value: valueOf(value), valueProblem: null }),
      (error: unknown) => ({ value: null, valueProblem: problemOf(error) }),
    );
    return { ok: true, answer: lines, negative: exitCode !== 0, ...runOf(run, latencyMs), ...shown };
  } catch (error) {
    return failureOf(error, requestId);
  }
}

/** The contract's action as the library takes it (a scan's open bounds present, as undefined). */
function actionOf(action: ConsoleStructureAction): DataStructureAction {
  if (action.kind !== 'tscan') return action;
  return { kind: 'tscan', table: action.table, from: action.from, to: action.to };
}

export async function runImage(
  client: AgentClient,
  topology: Topology,
  input: CommandArgs<'image'>,
  rate: ProtocolRate,
): Promise<ImageCommandResult> {
  const file = new Uint8Array(Buffer.from(input.dataBase64, 'base64'));
  const requestId = input.requestId ?? newRequestId('console');
  const startedMs = performance.now();
  try {
    const image = await decodeImage(file, 'file');
    const facts = { hash: averageHash(image), type: image.type, width: image.width, height: image.height };
    if (input.op === 'hash') {
      const answer = [
        `${input.fileName}: hash ${facts.hash} (${image.type.toUpperCase()} ${image.width}×${image.height})`,
      ];
      return { ok: true, op: input.op, ...facts, answer, negative: false, run: null };
    }
    const images = new ImageStore(nodePort(client, rate), structureLimits(topology));
    const action =
      input.op === 'iset'
        ? { kind: 'iset' as const, path: input.fileName, metadata: input.metadata ?? '' }
        : { kind: 'iget' as const, path: input.fileName, distance: input.distance ?? 0 };
    const { lines, exitCode, run } = await imageAnswer(images, action, file, { requestId });
    const runShown = runOf(run, performance.now() - startedMs);
    return { ok: true, op: input.op, ...facts, answer: lines, negative: exitCode !== 0, run: runShown };
  } catch (error) {
    return failureOf(error, input.op === 'hash' ? null : requestId);
  }
}

function runOf(run: OperationRun, latencyMs: number) {
  return {
    requestId: run.requestId,
    reads: run.reads,
    attempts: run.attempts,
    entries: run.writes.map((note) => ({
      key: note.key,
      expectedVersion: note.expectedVersion,
      outcome: note.outcome,
      version: note.version ?? null,
      index: note.index ?? null,
      path: note.path ?? null,
      housekeeping: note.housekeeping,
    })),
    foundApplied: run.foundApplied ?? null,
    latencyMs,
  };
}

function valueOf(value: StructureValue) {
  switch (value.kind) {
    case 'queue':
      return { kind: value.kind, name: value.name, ...value.contents };
    case 'set':
      return value;
    case 'table':
      return {
        kind: value.kind,
        name: value.name,
        rows: value.rows.map((row) => ({
          primaryKey: row.primaryKey,
          columns: row.row,
          version: row.version,
        })),
      };
  }
}

function problemOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The operation's own failures as an answer; anything else is a broken command. */
function failureOf(error: unknown, requestId: string | null) {
  const failure = (
    code: 'FIELD' | 'REQUEST_ID_REUSED' | 'GAVE_UP' | 'CORRUPT_VALUE',
    field: string | null,
  ) => ({
    ok: false as const,
    code,
    field,
    message: (error as Error).message,
    inDoubt: error instanceof StructureGaveUpError && error.inDoubt,
    requestId,
  });
  if (error instanceof FieldError) return failure('FIELD', error.field);
  if (error instanceof RequestIdReusedError) return failure('REQUEST_ID_REUSED', 'requestId');
  if (error instanceof StructureGaveUpError) return failure('GAVE_UP', null);
  if (error instanceof CorruptValueError) return failure('CORRUPT_VALUE', null);
  throw error;
}
