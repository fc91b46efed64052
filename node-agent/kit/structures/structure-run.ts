/**
 * Runs one data-structure or image command of `npm run kv` and prints its answer: the result, then one
 * line on how it rode on per-key Paxos (the key written and its new version, reads, writes, conflicts,
 * the request id). Exit codes: 0 ok; 1 empty, not a member, not found or condition not met; 2 bad
 * input; 3 gave up (retry later, with the printed request id when an attempt may have applied); 4 a
 * key holds a value that is not this structure's.
 */
import { readFile } from 'node:fs/promises';
import { CorruptValueError } from '../../../app/kv/structures/structure-value';
import type { Row } from '../../../app/kv/structures/table';
import { FieldError } from '../../../app/util/field-error';
import { ClusterKvClient, newRequestId } from '../client/kv-client';
import { ImageStore } from '../images/image-store';
import { OperationRun, RequestIdReusedError, StructureGaveUpError, type OperationOptions } from './cas-loop';
import { clusterPort, type KvPort } from './kv-port';
import { runStructureAction, type ActionResult, type DataStructureAction } from './structure-action';
import type { StructureAction, StructureCommand } from './structure-command';
import { structureLimits } from './structure-options';

export interface Printer {
  out(line: string): void;
  err(line: string): void;
}

const consolePrinter: Printer = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** What a command printed as its answer, and its exit code. */
export interface Answer {
  lines: string[];
  exitCode: number;
  run: OperationRun;
}

export async function runStructureCommand(
  command: StructureCommand,
  printer = consolePrinter,
): Promise<number> {
  // Pipelined: a scan's or a set's many reads share one stream per agent, not a unary call each.
  const client = new ClusterKvClient(command.topology, {
    attemptTimeoutMs: command.timeoutMs,
    pipelined: true,
  });
  const port = clusterPort(client, command.via === undefined ? undefined : [command.via]);
  const options: OperationOptions = {
    requestId: command.requestId ?? newRequestId('kv-cli'),
    attemptsMax: command.attemptsMax,
  };
  const startedMs = performance.now();
  try {
    const answer = await answerOf(port, command, options);
    for (const line of answer.lines) printer.out(line);
    printer.out(`  ${describeRun(answer.run, performance.now() - startedMs)}`);
    return answer.exitCode;
  } catch (error) {
    return printFailure(error, printer);
  } finally {
    client.close();
  }
}

function printFailure(error: unknown, printer: Printer): number {
  if (error instanceof FieldError || error instanceof RequestIdReusedError) {
    printer.err(`kv: ${error.message}`);
    return 2;
  }
  if (error instanceof StructureGaveUpError) {
    printer.err(`kv: ${error.message}`);
    return 3;
  }
  if (error instanceof CorruptValueError) {
    printer.err(`kv: ${error.message}`);
    return 4;
  }
  throw error;
}

async function answerOf(port: KvPort, command: StructureCommand, options: OperationOptions): Promise<Answer> {
  const limits = structureLimits(command.topology, command.structureBytes);
  const action = command.action;
  if (action.kind === 'iset' || action.kind === 'iget') {
    return imageAnswer(new ImageStore(port, limits), action, await readImageFile(action.path), options);
  }
  const { result, run } = await runStructureAction(port, limits, action, options);
  return { ...resultLines(action, result), run };
}

/** The lines an action's answer prints, and its exit code (1: empty, not a member, not found, unmet). */
export function resultLines(action: DataStructureAction, result: ActionResult): Omit<Answer, 'run'> {
  const name = `${action.kind} ${'queue' in action ? action.queue : 'set' in action ? action.set : action.table}`;
  const ok = (...lines: string[]) => ({ lines, exitCode: 0 });
  const no = (line: string) => ({ lines: [line], exitCode: 1 });
  const pk = 'primaryKey' in action ? action.primaryKey : '';
  const member = 'member' in action ? JSON.stringify(action.member) : '';
  switch (result.kind) {
    case 'qpush': {
      const { segment, slot } = result.position;
      const element = 'element' in action ? JSON.stringify(action.element) : '';
      return ok(`${name}: pushed ${element} as #${segment}.${slot} (segment ${segment}, slot ${slot})`);
    }
    case 'qlen': {
      const { length, segments } = result.length;
      const { first, last } = segments;
      const where =
        last < first ? 'no segment yet' : first === last ? `segment ${first}` : `segments ${first}–${last}`;
      return ok(`${name}: ${length} (${where})`);
    }
    case 'qpop':
    case 'qpeek': {
      const { popped } = result;
      if (popped === null) return no(`${name}: empty`);
      return ok(`${name}: ${JSON.stringify(popped.value)} (#${popped.segment}.${popped.slot})`);
    }
    case 'smembers': {
      const { members } = result;
      const count = `${members.length} member${members.length === 1 ? '' : 's'}`;
      return ok(`${name}: ${count}`, ...members.map((m) => `  ${JSON.stringify(m)}`));
    }
    case 'scontains':
      if (!result.member) return no(`${name}: ${member} is not a member`);
      return ok(`${name}: ${member} is a member`);
    case 'sadd':
      return ok(`${name}: ${member} ${result.added === 'added' ? 'added' : 'was already a member'}`);
    case 'srem':
      if (result.removed !== 'removed') return no(`${name}: ${member} was not a member`);
      return ok(`${name}: ${member} removed`);
    case 'tput':
      return ok(`${name} ${pk}: ${result.written}`);
    case 'tget':
      if (result.row === null) return no(`${name} ${pk}: not found`);
      return ok(`${name} ${pk}: ${rowText(result.row.row)}  (version ${result.row.version})`);
    case 'tdel':
      if (result.deleted !== 'deleted') return no(`${name} ${pk}: not found`);
      return ok(`${name} ${pk}: deleted`);
    case 'tscan': {
      const { rows } = result;
      const range = action.kind === 'tscan' ? `[${action.from ?? '−∞'}, ${action.to ?? '+∞'})` : '';
      const lines = rows.map((row) => `  ${row.primaryKey}: ${rowText(row.row)}`);
      return ok(`${name} ${range}: ${rows.length} row${rows.length === 1 ? '' : 's'}`, ...lines);
    }
    case 'tupdate': {
      const { update } = result;
      if (update.kind === 'updated') {
        return ok(`${name} ${pk}: updated (${action.kind === 'tupdate' ? rowText(action.sets) : ''})`);
      }
      if (update.kind === 'not-found') return no(`${name} ${pk}: not found`);
      const why = update.mismatches.map(
        (m) =>
          `${m.column} is ${m.found === null ? 'absent' : JSON.stringify(m.found)}, not ${JSON.stringify(m.expected)}`,
      );
      return no(`${name} ${pk}: condition not met, nothing written: ${why.join('; ')}`);
    }
  }
}

const rowText = (row: Row) =>
  Object.entries(row)
    .map(([column, value]) => `${column}=${JSON.stringify(value)}`)
    .join(' ');

/** Stores or finds the image `file` (named by `action.path` in the answer). */
export async function imageAnswer(
  images: ImageStore,
  action: Extract<StructureAction, { kind: 'iset' | 'iget' }>,
  file: Uint8Array,
  options: OperationOptions,
): Promise<Answer> {
  if (action.kind === 'iset') {
    const { result, run } = await images.set(file, action.metadata, options);
    const { type, width, height } = result.image;
    const lines = [
      `iset ${action.path}: hash ${result.hash} (${type.toUpperCase()} ${width}×${height}) → image/${result.hash}, version ${result.version}`,
    ];
    if (!result.indexed) lines.push(`  warning: ${result.indexProblem}`);
    return ok(run, ...lines);
  }
  const { result, run } = await images.get(file, action.distance, options);
  const head = `iget ${action.path}: hash ${result.hash}`;
  if (result.match === null) {
    const within =
      action.distance > 0 ? ` nor within ${action.distance} bits` : ' (try --distance N for near matches)';
    return { lines: [`${head}: not found${within}`], exitCode: 1, run };
  }
  const { record, distance, version } = result.match;
  const how =
    distance === 0
      ? 'exact match'
      : `nearest: image/${record.hash}, ${distance} bit${distance === 1 ? '' : 's'} away`;
  const from = `stored from a ${record.type.toUpperCase()} ${record.width}×${record.height}, version ${version}`;
  return ok(run, `${head} (${how})`, `  metadata: ${JSON.stringify(record.metadata)}  (${from})`);
}

async function readImageFile(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new FieldError('PATH', `cannot read ${path}: ${(error as Error).message}`);
  }
}

function ok(run: OperationRun, ...lines: string[]): Answer {
  return { lines, exitCode: 0, run };
}

/** One line on how the operation rode on the store. */
export function describeRun(run: OperationRun, latencyMs: number): string {
  const own = run.writes.filter((write) => !write.housekeeping);
  const last = own.at(-1);
  const parts: string[] = [];
  if (last && (last.outcome === 'applied' || last.outcome === 'dedup')) {
    const how =
      last.outcome === 'dedup' ? 'dedup: an earlier attempt of this request id' : `path ${last.path}`;
    parts.push(`wrote ${last.key} → version ${last.version} (${how})`);
  } else if (run.foundApplied) {
    const { key, version } = run.foundApplied;
    parts.push(
      `already applied by an earlier attempt of request ${run.requestId} (its tag is in ${key}, version ${version})`,
    );
  } else parts.push('no write needed');
  const conflicts = run.writes.filter((write) => write.outcome === 'conflict').length;
  const housekeeping = run.writes.filter((write) => write.housekeeping).length;
  const counts = [
    `${run.reads} read${run.reads === 1 ? '' : 's'}`,
    `${own.length} write${own.length === 1 ? '' : 's'} tried`,
  ];
  if (conflicts > 0) counts.push(`${conflicts} conflict${conflicts === 1 ? '' : 's'}`);
  if (housekeeping > 0) counts.push(`${housekeeping} housekeeping`);
  parts.push(counts.join(', '));
  if (own.length > 0) parts.push(`request ${run.requestId}`);
  parts.push(`${latencyMs.toFixed(1)} ms`);
  return parts.join(' · ');
}
