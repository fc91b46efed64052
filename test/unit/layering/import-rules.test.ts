/**
 * The layering the folders promise, held by ESLint: each case lints a one-line file placed where it
 * would live and expects the rule to name the wrong import (or to stay silent for a right one).
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function importErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = x;\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import layering', () => {
  it.each([
    [
      'main/console/wrong.ts',
      "import { x } from '../../node-agent/kit/client/kv-client';",
      'node agent from its index',
    ],
    [
      'bench/store/wrong.ts',
      "import { x } from '../../node-agent/process/agent';",
      'node agent from its index',
    ],
    ['scripts/wrong.ts', "import { x } from '../node-agent/kit/cli/flags';", 'node agent from its index'],
    ['renderer/views/Wrong.tsx', "import { x } from 'node:fs';", 'no Node built-ins'],
    ['renderer/views/Wrong.tsx', "import { x } from '../../node-agent';", 'console contract'],
    ['renderer/views/Wrong.tsx', "import { x } from '../../main/paths';", 'console contract'],
    ['app/model/wrong.ts', "import { x } from '../../node-agent';", 'nothing outside app/'],
    ['app/paxos/wrong.ts', "import { x } from 'node:fs';", 'no I/O'],
  ])('%s: %s is refused', async (filePath, source, reason) => {
    const errors = await importErrors(filePath, source);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(reason);
  });

  it.each([
    ['main/console/right.ts', "import { x } from '../../node-agent';"],
    ['bench/store/right.ts', "import { x } from '../../app/model/topology';"],
    ['renderer/views/Right.tsx', "import { x } from '../../app/contract/console-contract';"],
    ['node-agent/process/right.ts', "import { x } from '../kit/client/kv-client';"],
  ])('%s: %s is allowed', async (filePath, source) => {
    expect(await importErrors(filePath, source)).toEqual([]);
  });
});
