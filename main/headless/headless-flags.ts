/** The headless console's command line; mistakes name the flag and exit 2. */
import { choiceFlag, integerFlag, parseFlags, stringFlag } from '../../node-agent';

export const headlessUsage = `Usage: npm run start:headless -- [options]

Serves the Paxoscope console to a browser at http://127.0.0.1:PORT/?token=... and, unless told not to,
starts the embedded 6-agent cluster.

  --port N             port to listen on (default: a free one)
  --open               open the console in the default browser
  --no-cluster         start no cluster (attach or import a trace from the console)
  --topology FILE      start this topology instead of the embedded default
  --sync always|never  fsync policy for the agents (default always)
  --runs-dir DIR       where run directories and pid files go
  --help               print this text`;

export interface HeadlessFlags {
  port: number;
  open: boolean;
  cluster: boolean;
  topologyFile: string | undefined;
  sync: 'always' | 'never';
  runsDir: string | undefined;
}

const flagSpec = {
  port: { switch: false },
  open: { switch: true },
  'no-cluster': { switch: true },
  topology: { switch: false },
  sync: { switch: false },
  'runs-dir': { switch: false },
  help: { switch: true },
} as const;

export function parseHeadlessFlags(argv: readonly string[]): HeadlessFlags | 'help' {
  const { values } = parseFlags(argv, flagSpec);
  if (values.help === true) return 'help';
  return {
    port: integerFlag(values, 'port', 0, 65535) ?? 0,
    open: values.open === true,
    cluster: values['no-cluster'] !== true,
    topologyFile: stringFlag(values, 'topology'),
    sync: choiceFlag(values, 'sync', ['always', 'never'], 'always'),
    runsDir: stringFlag(values, 'runs-dir'),
  };
}
