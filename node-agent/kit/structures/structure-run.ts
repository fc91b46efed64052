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
import { KvQueue } from './kv-queue';
import { KvSet } from './kv-set';
import { KvTable } from './kv-table';
import { clusterPort, type KvPort } from './kv-port';
import type { StructureAction, StructureCommand } from './structure-command';
import { structureLimits } from './structure-options';

export interface Printer {
  out(line: string): void;
  err(line: string): void;
}

const consolePrinter: Printer = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** What a command printed as its answer, and its exit code. */
interface Answer {
  lines: string[];
  exitCode: number;
  run: OperationRun;
}

export async function runStructureCommand(
  command: StructureCommand,
  printer = consolePrinter,
): Promise<number> {
  const client = new ClusterKvClient(command.topology, { attemptTimeoutMs: command.timeoutMs });
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
  switch (action.kind) {
    case 'qpush':
    case 'qpop':
    case 'qpeek':
    case 'qlen':
      return queueAnswer(new KvQueue(port, action.queue, limits), action, options);
    case 'sadd':
    case 'srem':
    case 'scontains':
    case 'smembers':
      return setAnswer(new KvSet(port, action.set, limits), action, options);
    case 'iset':
    case 'iget':
      return imageAnswer(new ImageStore(port, limits), action, options);
    default:
      return tableAnswer(new KvTable(port, action.table, limits), action, options);
  }
}

type Of<K extends StructureAction['kind']> = Extract<StructureAction, { kind: K }>;

async function queueAnswer(
  queue: KvQueue,
  action: Of<'qpush' | 'qpop' | 'qpeek' | 'qlen'>,
  options: OperationOptions,
): Promise<Answer> {
  const name = `${action.kind} ${queue.name}`;
  if (action.kind === 'qpush') {
    const { result, run } = await queue.push(action.element, options);
    return ok(
      run,
      `${name}: pushed ${JSON.stringify(action.element)} as #${result.segment}.${result.slot} (segment ${result.segment}, slot ${result.slot})`,
    );
  }
  if (action.kind === 'qlen') {
    const { result, run } = await queue.length(options);
    const { first, last } = result.segments;
    const segments =
      last < first ? 'no segment yet' : first === last ? `segment ${first}` : `segments ${first}–${last}`;
    return ok(run, `${name}: ${result.length} (${segments})`);
  }
  const { result, run } = await (action.kind === 'qpop' ? queue.pop(options) : queue.peek(options));
  if (result === null) return { lines: [`${name}: empty`], exitCode: 1, run };
  return ok(run, `${name}: ${JSON.stringify(result.value)} (#${result.segment}.${result.slot})`);
}

async function setAnswer(
  set: KvSet,
  action: Of<'sadd' | 'srem' | 'scontains' | 'smembers'>,
  options: OperationOptions,
): Promise<Answer> {
  const name = `${action.kind} ${set.name}`;
  if (action.kind === 'smembers') {
    const { result, run } = await set.members(options);
    return ok(
      run,
      `${name}: ${result.length} member${result.length === 1 ? '' : 's'}`,
      ...result.map((m) => `  ${JSON.stringify(m)}`),
    );
  }
  const member = JSON.stringify(action.member);
  if (action.kind === 'scontains') {
    const { result, run } = await set.contains(action.member, options);
    return {
      lines: [`${name}: ${member} ${result ? 'is a member' : 'is not a member'}`],
      exitCode: result ? 0 : 1,
      run,
    };
  }
  if (action.kind === 'sadd') {
    const { result, run } = await set.add(action.member, options);
    return ok(run, `${name}: ${member} ${result === 'added' ? 'added' : 'was already a member'}`);
  }
  const { result, run } = await set.remove(action.member, options);
  const removed = result === 'removed';
  return {
    lines: [`${name}: ${member} ${removed ? 'removed' : 'was not a member'}`],
    exitCode: removed ? 0 : 1,
    run,
  };
}

const rowText = (row: Row) =>
  Object.entries(row)
    .map(([column, value]) => `${column}=${JSON.stringify(value)}`)
    .join(' ');

async function tableAnswer(
  table: KvTable,
  action: Of<'tput' | 'tget' | 'tdel' | 'tscan' | 'tupdate'>,
  options: OperationOptions,
): Promise<Answer> {
  const name = `${action.kind} ${table.name}`;
  switch (action.kind) {
    case 'tput': {
      const { result, run } = await table.put(action.primaryKey, action.columns, options);
      return ok(run, `${name} ${action.primaryKey}: ${result}`);
    }
    case 'tget': {
      const { result, run } = await table.get(action.primaryKey, options);
      if (result === null) return { lines: [`${name} ${action.primaryKey}: not found`], exitCode: 1, run };
      return ok(run, `${name} ${action.primaryKey}: ${rowText(result.row)}  (version ${result.version})`);
    }
    case 'tdel': {
      const { result, run } = await table.delete(action.primaryKey, options);
      return {
        lines: [`${name} ${action.primaryKey}: ${result === 'deleted' ? 'deleted' : 'not found'}`],
        exitCode: result === 'deleted' ? 0 : 1,
        run,
      };
    }
    case 'tscan': {
      const { result, run } = await table.scan(action.from, action.to, options);
      const range = `[${action.from ?? '−∞'}, ${action.to ?? '+∞'})`;
      const rows = result.map((row) => `  ${row.primaryKey}: ${rowText(row.row)}`);
      return ok(run, `${name} ${range}: ${result.length} row${result.length === 1 ? '' : 's'}`, ...rows);
    }
    case 'tupdate': {
      const { result, run } = await table.update(action.primaryKey, action.conditions, action.sets, options);
      if (result.kind === 'updated')
        return ok(run, `${name} ${action.primaryKey}: updated (${rowText(action.sets)})`);
      if (result.kind === 'not-found')
        return { lines: [`${name} ${action.primaryKey}: not found`], exitCode: 1, run };
      const why = result.mismatches.map(
        (m) =>
          `${m.column} is ${m.found === null ? 'absent' : JSON.stringify(m.found)}, not ${JSON.stringify(m.expected)}`,
      );
      return {
        lines: [`${name} ${action.primaryKey}: condition not met, nothing written: ${why.join('; ')}`],
        exitCode: 1,
        run,
      };
    }
  }
}

async function imageAnswer(
  images: ImageStore,
  action: Of<'iset' | 'iget'>,
  options: OperationOptions,
): Promise<Answer> {
  const file = await readImageFile(action.path);
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
