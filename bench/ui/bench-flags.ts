/** The UI benchmark's flags; a bad value names the flag and its limit. */
export interface BenchFlags {
  rates: number[];
  seconds: number;
  soakSeconds: number;
  agents: number;
  /** When above 0, the renderer is CPU-profiled this long at the highest rate and its hottest functions printed. */
  profileSeconds: number;
}

const ratesMax = 200_000;

export function parseBenchFlags(argv: readonly string[]): BenchFlags {
  const flags: BenchFlags = {
    rates: [5_000, 20_000],
    seconds: 30,
    soakSeconds: 600,
    agents: 27,
    profileSeconds: 0,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${name}: needs a value`);
    switch (name) {
      case '--rates':
        flags.rates = value.split(',').map((part) => bounded('--rates', Number(part), 1, ratesMax));
        break;
      case '--seconds':
        flags.seconds = bounded(name, Number(value), 1, 3_600);
        break;
      case '--soak-seconds':
        flags.soakSeconds = bounded(name, Number(value), 1, 86_400);
        break;
      case '--agents':
        flags.agents = bounded(name, Number(value), 3, 30);
        break;
      case '--profile-seconds':
        flags.profileSeconds = bounded(name, Number(value), 0, 600);
        break;
      default:
        throw new Error(
          `${name}: unknown flag (use --rates, --seconds, --soak-seconds, --agents, --profile-seconds)`,
        );
    }
  }
  return flags;
}

function bounded(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name}: must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}
