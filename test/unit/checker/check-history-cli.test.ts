import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatHistory } from '../../../app/checker/history';
import { exitCodes, parseCheckArguments, runCheck } from '../../../scripts/check-history';
import { get, put } from './history-builders';

const linearizable = formatHistory([
  put({ id: 'w', at: [0, 1] }, 'a', 1),
  get({ id: 'r', at: [2, 3] }, 'a', 1),
]);
const stale = formatHistory([
  put({ id: 'w', at: [0, 1] }, 'a', 1),
  get({ id: 'stale', at: [2, 3] }, null, 0),
]);

/** Runs the command in-process on files held in memory; returns the exit code and what it printed. */
function run(argv: string[], files: Record<string, string> = {}) {
  let out = '';
  let error = '';
  const code = runCheck(argv, {
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return text;
    },
    out: (text) => (out += text),
    error: (text) => (error += text),
    now: () => 0,
  });
  return { code, out, error };
}

describe('npm run check -- --history FILE', () => {
  it('exits 0 on a linearizable history and prints the verdict and counts', () => {
    const { code, out } = run(['--history', 'h.jsonl'], { 'h.jsonl': linearizable });
    expect(code).toBe(exitCodes.ok);
    expect(out).toContain('verdict: ok\n2 operations on 1 key: 1 ok, 0 violation, 0 unknown');
  });

  it('exits 1 on a violation and names the offending operation', () => {
    const { code, out } = run(['--history', 'h.jsonl'], { 'h.jsonl': stale });
    expect(code).toBe(exitCodes.violation);
    expect(out).toContain('key "k": violation');
    expect(out).toContain('cannot be placed: stale stale: get → null v0  [2, 3] ms');
  });

  it('exits 2 naming the line and field of a bad history', () => {
    const { code, error } = run(['--history', 'bad.jsonl'], { 'bad.jsonl': `${linearizable}{"id":"x"}\n` });
    expect(code).toBe(exitCodes.badInput);
    expect(error).toContain('bad.jsonl: line 3, field "kind": must be one of get, put, delete, cas');
  });

  it('exits 2 on a missing file, a missing --history and unknown or malformed flags', () => {
    expect(run(['--history', 'missing.jsonl']).error).toContain('cannot read missing.jsonl: ENOENT');
    expect(run([]).error).toContain('--history FILE is required');
    expect(run(['--history', 'h', '--seed', '3']).code).toBe(exitCodes.badInput);
    expect(run(['--history', 'h', '--budget-ms=-5']).error).toContain(
      '--budget-ms must be a number of milliseconds ≥ 0, got "-5"',
    );
  });

  it('exits 3 when the budget runs out before a verdict', () => {
    const { code, out } = run(['--history', 'h.jsonl', '--budget-ms', '0'], { 'h.jsonl': linearizable });
    expect(code).toBe(exitCodes.unknown);
    expect(out).toContain('verdict: unknown');
  });

  it('prints the whole result as JSON with values as text', () => {
    const { out } = run(['--history', 'h.jsonl', '--json'], { 'h.jsonl': linearizable });
    const parsed = JSON.parse(out) as { verdict: string; keys: { stateAfterPrefix: unknown }[] };
    expect(parsed.verdict).toBe('ok');
    expect(parsed.keys[0]?.stateAfterPrefix).toEqual({ value: { utf8: 'a' }, version: 1 });
  });

  it('parses flags into a command', () => {
    expect(parseCheckArguments(['--history', 'f', '--budget-ms', '250', '--show-ok'])).toEqual({
      mode: 'history',
      file: 'f',
      budgetMs: 250,
      json: false,
      showOk: true,
    });
    expect(parseCheckArguments(['--help'])).toEqual({ mode: 'help' });
  });

  it('runs as a script with the same exit code', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'check-history-'));
    const file = join(directory, 'stale.jsonl');
    writeFileSync(file, stale);
    const child = promisify(execFile)('npx', ['tsx', 'scripts/check-history.ts', '--history', file]);
    await expect(child).rejects.toMatchObject({
      code: exitCodes.violation,
      stdout: expect.stringContaining('violation'),
    });
  });
});
