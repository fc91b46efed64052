import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatHistory } from '../../../app/checker/history';
import { exponentialHistory } from '../../../app/checker/timeout-shapes';
import { exitCodes, main, parseCheckArguments, runCheck, type CheckIo } from '../../../scripts/check-history';
import { get, put } from './history-builders';

const linearizable = formatHistory([
  put({ id: 'w', at: [0, 1] }, 'a', 1),
  get({ id: 'r', at: [2, 3] }, 'a', 1),
]);
/** Found before any search: the read reports version 0 after a write made version 1. */
const stale = formatHistory([
  put({ id: 'w', at: [0, 1] }, 'a', 1),
  get({ id: 'stale', at: [2, 3] }, null, 0),
]);
/** Found by the search: the read reports no version. */
const staleNoVersion = formatHistory([
  put({ id: 'w', at: [0, 1] }, 'a', 1),
  get({ id: 'stale', at: [2, 3] }, null),
]);
const hard = formatHistory(exponentialHistory(18));

/** In-memory I/O over `files`; a name ending in "/" is a folder of the files under it. */
function memoryIo(files: Record<string, string>, now: () => number = () => 0) {
  const printed = { out: '', error: '' };
  const io: CheckIo = {
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return text;
    },
    out: (text) => (printed.out += text),
    error: (text) => (printed.error += text),
    now,
    listFolder: (path) => {
      const prefix = `${path.replace(/\/$/, '')}/`;
      const names = Object.keys(files)
        .filter((name) => name.startsWith(prefix))
        .map((name) => name.slice(prefix.length));
      return names.length === 0 ? null : names;
    },
  };
  return { printed, io };
}

/** Runs the command in-process on files held in memory; returns the exit code and what it printed. */
function run(argv: string[], files: Record<string, string> = {}) {
  const { printed, io } = memoryIo(files);
  const code = runCheck(argv, io);
  return { code, ...printed };
}

describe('npm run check -- --history FILE', () => {
  it('exits 0 on a linearizable history and prints the verdict and counts', () => {
    const { code, out } = run(['--history', 'h.jsonl'], { 'h.jsonl': linearizable });
    expect(code).toBe(exitCodes.ok);
    expect(out).toContain('verdict: ok\n2 operations on 1 key: 1 ok, 0 violation, 0 unknown');
  });

  it('exits 1 on a violation and names the offending operation, found by a pre-check or by the search', () => {
    const prechecked = run(['--history', 'h.jsonl'], { 'h.jsonl': stale });
    expect(prechecked.code).toBe(exitCodes.violation);
    expect(prechecked.out).toContain(
      'key "k": violation in 0 ms (stale saw version 0, but w had already left version 1',
    );
    expect(prechecked.out).toContain('    stale stale: get → null v0  [2, 3] ms');
    const searched = run(['--history', 'h.jsonl'], { 'h.jsonl': staleNoVersion });
    expect(searched.code).toBe(exitCodes.violation);
    expect(searched.out).toContain('cannot be placed: stale stale: get → null  [2, 3] ms');
  });

  it('exits 2 naming the line and field of a bad history', () => {
    const { code, error } = run(['--history', 'bad.jsonl'], { 'bad.jsonl': `${linearizable}{"id":"x"}\n` });
    expect(code).toBe(exitCodes.badInput);
    expect(error).toContain('bad.jsonl: line 3, field "kind": must be one of get, put, delete, cas');
  });

  it('exits 2 on a missing file, a missing --history and unknown or malformed flags, naming the limit', () => {
    expect(run(['--history', 'missing.jsonl']).error).toContain('cannot read missing.jsonl: ENOENT');
    expect(run([]).error).toContain('--history FILE is required');
    expect(run(['--history', 'h', '--seed', '3']).code).toBe(exitCodes.badInput);
    expect(run(['--history', 'h', '--budget-ms=-5']).error).toContain(
      '--budget-ms must be a number of milliseconds from 0 to 9007199254740991, got "-5"',
    );
    expect(run(['--history', 'h', '--memory-mb', '0']).error).toContain(
      '--memory-mb must be a number of MiB from 1 to 1048576, got "0"',
    );
    expect(run(['--history', 'empty/'], { 'empty/notes.txt': '' }).error).toContain(
      'folder empty/ holds no .jsonl file',
    );
  });

  it('exits 3 when the budget runs out before a verdict', () => {
    const { code, out } = run(['--history', 'h.jsonl', '--budget-ms', '0'], { 'h.jsonl': staleNoVersion });
    expect(code).toBe(exitCodes.unknown);
    expect(out).toContain('verdict: unknown');
  });

  it('exits 3, not 1 and not a crash, when the memory limit ends the search', () => {
    const { code, out } = run(['--history', 'h.jsonl', '--memory-mb', '1'], { 'h.jsonl': hard });
    expect(code).toBe(exitCodes.unknown);
    expect(out).toContain("out of memory: the search's memo reached the 1 MiB limit");
  });

  it('exits 4 with its own message on an error that is not about the input', () => {
    let reads = 0;
    const { printed, io } = memoryIo({ 'h.jsonl': linearizable }, () => {
      if (++reads > 1) throw new Error('the clock broke');
      return 0;
    });
    expect(runCheck(['--history', 'h.jsonl'], io)).toBe(exitCodes.internalError);
    expect(printed.error).toContain(
      'check: h.jsonl: internal error (a bug in the checker, not a verdict): Error: the clock broke',
    );
    expect(printed.out).toBe('');
  });

  it('prints the whole result as JSON with values as text', () => {
    const { out } = run(['--history', 'h.jsonl', '--json'], { 'h.jsonl': linearizable });
    const parsed = JSON.parse(out) as { verdict: string; keys: { stateAfterPrefix: unknown }[] };
    expect(parsed.verdict).toBe('ok');
    expect(parsed.keys[0]?.stateAfterPrefix).toEqual({ value: { utf8: 'a' }, version: 1 });
  });

  it('parses flags into a command; words after --history are more histories (a shell glob)', () => {
    expect(
      parseCheckArguments([
        '--history',
        'f',
        'g',
        '--budget-ms',
        '250',
        '--memory-mb',
        '64',
        '--first-violation',
      ]),
    ).toEqual({
      mode: 'history',
      paths: ['f', 'g'],
      budgetMs: 250,
      memoryLimitBytes: 64 * 1024 * 1024,
      firstViolation: true,
      json: false,
      showOk: false,
    });
    expect(parseCheckArguments(['--history', 'a', '--history', 'b']).mode === 'history').toBe(true);
    expect(parseCheckArguments(['--help'])).toEqual({ mode: 'help' });
  });
});

describe('npm run check -- --history with many histories', () => {
  const folder = { 'runs/1.jsonl': linearizable, 'runs/2.jsonl': stale, 'runs/notes.txt': 'not a history' };

  it('prints one summary line per file of a folder, then the totals, and exits with the worst code', () => {
    const { code, out } = run(['--history', 'runs/'], folder);
    expect(code).toBe(exitCodes.violation);
    expect(out.split('\n')).toEqual([
      expect.stringMatching(/^runs\/1\.jsonl: ok: 2 operations on 1 key: 1 ok, 0 violation, 0 unknown/),
      expect.stringMatching(
        /^runs\/2\.jsonl: violation: .*; key "k": stale saw version 0, but w had already/,
      ),
      '2 histories: 1 linearizable, 1 violation, 0 unknown, 0 bad input',
      '',
    ]);
  });

  it('ranks exit codes: internal error, then violation, then bad input, then unknown', () => {
    const files = { 'ok.jsonl': linearizable, 'bad.jsonl': '{', 'violation.jsonl': stale };
    expect(run(['--history', 'ok.jsonl', 'bad.jsonl'], files).code).toBe(exitCodes.badInput);
    expect(run(['--history', 'ok.jsonl', 'bad.jsonl', 'violation.jsonl'], files).code).toBe(
      exitCodes.violation,
    );
    const budgeted = run(['--history', 'ok.jsonl', 'bad.jsonl', '--budget-ms', '0'], files);
    expect(budgeted.code).toBe(exitCodes.badInput);
    expect(budgeted.out).toContain('bad.jsonl: bad input (line 1: is not valid JSON');
  });

  it('stops at the first violating file with --first-violation', () => {
    const files = { 'a.jsonl': stale, 'b.jsonl': linearizable };
    const { code, out } = run(['--history', 'a.jsonl', 'b.jsonl', '--first-violation'], files);
    expect(code).toBe(exitCodes.violation);
    expect(out).toContain('b.jsonl: not checked (stopped at the first violation)\n');
  });

  it('prints one JSON line per history with --json', () => {
    const { out } = run(['--history', 'runs/', '--json'], folder);
    const lines = out
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { file: string; result: { verdict: string } });
    expect(lines.map((line) => [line.file, line.result.verdict])).toEqual([
      ['runs/1.jsonl', 'ok'],
      ['runs/2.jsonl', 'violation'],
    ]);
  });
});

describe('npm run check: the whole command', () => {
  it('prints both modes in --help, loading the cluster mode only then', async () => {
    const { printed, io } = memoryIo({});
    expect(await main(['--help'], io)).toBe(exitCodes.ok);
    expect(printed.out).toContain('--history FILE…');
    expect(printed.out).toContain('--duration D');
  });

  it('runs from its bundle (rebuilt when stale) with the same exit code and output', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'check-history-'));
    writeFileSync(join(directory, 'stale.jsonl'), stale);
    writeFileSync(join(directory, 'ok.jsonl'), linearizable);
    const check = (args: string[]) => promisify(execFile)(process.execPath, ['scripts/check.mjs', ...args]);
    await expect(check(['--history', join(directory, 'stale.jsonl')])).rejects.toMatchObject({
      code: exitCodes.violation,
      stdout: expect.stringContaining('verdict: violation'),
    });
    const { stdout } = await check(['--history', join(directory, 'ok.jsonl')]);
    expect(stdout).toContain('verdict: ok');
    await expect(check(['--history', directory])).rejects.toMatchObject({
      code: exitCodes.violation,
      stdout: expect.stringContaining('2 histories: 1 linearizable, 1 violation'),
    });
  });
});
