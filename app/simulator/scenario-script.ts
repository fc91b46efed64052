/**
 * The golden scenario file format (etcd raft's datadriven style): blocks of optional `#` comment lines,
 * one command, a `----` line, then the output it produced, ended by a blank line. Formatting a parsed
 * file with its actual outputs gives the rewritten file, comments kept.
 */

export interface ScenarioBlock {
  /** Comment lines before the command, `#` included. */
  comments: string[];
  command: string;
  /** 1-based line number of the command, for error messages. */
  line: number;
  expected: string[];
}

const separator = '----';

export class ScenarioSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'ScenarioSyntaxError';
  }
}

export function parseScenario(text: string): ScenarioBlock[] {
  const lines = text.split('\n');
  const blocks: ScenarioBlock[] = [];
  let comments: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const current = lines[i]!;
    if (current.trim() === '') {
      i += 1;
      continue;
    }
    if (current.startsWith('#')) {
      comments.push(current);
      i += 1;
      continue;
    }
    if (lines[i + 1] !== separator)
      throw new ScenarioSyntaxError(i + 2, `expected "${separator}" after a command`);
    const expected: string[] = [];
    let j = i + 2;
    for (; j < lines.length && lines[j]!.trim() !== ''; j += 1) expected.push(lines[j]!);
    blocks.push({ comments, command: current.trim(), line: i + 1, expected });
    comments = [];
    i = j;
  }
  return blocks;
}

/** The file text for these blocks with `outputs[i]` as block i's output. */
export function formatScenario(blocks: readonly ScenarioBlock[], outputs: readonly string[][]): string {
  return blocks
    .map((block, i) => [...block.comments, block.command, separator, ...outputs[i]!].join('\n'))
    .join('\n\n')
    .concat('\n');
}
