/** The headless console's command line; mistakes name the flag and exit 2. */
import { choiceFlag, integerFlag, parseFlags, stringFlag } from '../../node-agent';

export const headlessUsage = `Usage: npm run start:headless -- [options]

Serves the Paxoscope console to a browser at http://127.0.0.1:PORT/?token=... and, unless told not to,
starts the embedded 6-agent cluster.

  --port N             port to listen on (default: a free one)
  --open               open the console in the default browser
  --no-cluster         start no cluster (attach or import a trace from the console)
  --simulate           start a simulated cluster instead of agents: no processes, ready at once
  --seed N             the simulated run's seed (default: a fresh one)
  --groups N           groups of six simulated nodes, 1 to 4 (default 1)
  --scenario FRAGMENT  open a shared scenario (#sim=...) in the simulator
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
  /** Start a simulated cluster (main/simulated) rather than agents; null: agents as usual. */
  simulate: SimulateFlags | null;
}

/** What `--simulate`, `--seed`, `--groups` and `--scenario` ask for: startSimulatedCluster's input. */
export interface SimulateFlags {
  seed?: number;
  groups?: number;
  scenario?: string;
}

const flagSpec = {
  port: { switch: false },
  open: { switch: true },
  'no-cluster': { switch: true },
  topology: { switch: false },
  sync: { switch: false },
  'runs-dir': { switch: false },
  simulate: { switch: true },
  seed: { switch: false },
  groups: { switch: false },
  scenario: { switch: false },
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
    simulate: simulateFrom(values),
  };
}

function simulateFrom(values: ReturnType<typeof parseFlags>['values']): SimulateFlags | null {
  const scenario = stringFlag(values, 'scenario');
  if (values.simulate !== true && scenario === undefined) return null;
  const seed = integerFlag(values, 'seed', 0, 0xffffffff);
  const groups = integerFlag(values, 'groups', 1, 4);
  return {
    ...(seed === undefined ? {} : { seed }),
    ...(groups === undefined ? {} : { groups }),
    ...(scenario === undefined ? {} : { scenario }),
  };
}

/**
 * The simulate flags alone, from an Electron command line (which carries Chromium's own switches
 * too): null unless --simulate or --scenario is there; mistakes throw UsageError naming the flag.
 */
export function parseSimulateFlags(argv: readonly string[]): SimulateFlags | null {
  const known = ['--simulate', '--seed', '--groups', '--scenario'];
  const ours: string[] = [];
  argv.forEach((arg, i) => {
    const name = arg.split('=')[0]!;
    if (!known.includes(name)) return;
    ours.push(arg);
    if (name !== '--simulate' && !arg.includes('=') && argv[i + 1] !== undefined) ours.push(argv[i + 1]!);
  });
  const { values } = parseFlags(ours, flagSpec);
  return simulateFrom(values);
}
