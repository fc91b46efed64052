import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compareTrees, findProtoDrift, generatedDir } from '../../../app/proto/tools/proto-drift';

const repoRoot = resolve(import.meta.dirname, '../../..');

describe('checked-in protobuf code', () => {
  it('matches what buf generates from the .proto files', () => {
    expect(findProtoDrift(repoRoot)).toEqual([]);
  });
});

describe('compareTrees', () => {
  const scratch: string[] = [];
  afterEach(() => {
    for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function copyOfGenerated(): string {
    const dir = mkdtempSync(join(tmpdir(), 'paxoscope-drift-test-'));
    scratch.push(dir);
    cpSync(resolve(repoRoot, generatedDir), dir, { recursive: true });
    return dir;
  }

  it('reports an edited, a missing and an extra file', () => {
    const checkedIn = copyOfGenerated();
    writeFileSync(join(checkedIn, 'kv.ts'), '// edited by hand\n', { flag: 'a' });
    unlinkSync(join(checkedIn, 'control.ts'));
    writeFileSync(join(checkedIn, 'stale.ts'), 'export {};\n');

    const drift = compareTrees(checkedIn, resolve(repoRoot, generatedDir));

    expect(drift).toEqual([
      { file: 'control.ts', problem: 'missing from checked-in code' },
      { file: 'kv.ts', problem: 'content differs' },
      { file: 'stale.ts', problem: 'not generated any more' },
    ]);
  });
});
