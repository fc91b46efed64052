/**
 * One small command-line parser for the agent, the KV client and the cluster launcher, so every CLI
 * names the offending flag the same way and exits 2 on bad input.
 */
import { parseArgs } from 'node:util';
import { FieldError } from '../../../app/util/field-error';

/** A command-line mistake; `field` is the flag (or argument) at fault, for example "--sync". */
export class UsageError extends FieldError {
  override name = 'UsageError';
}

/**
 * A command line's options, or the exit code when there is nothing to run: 0 after printing `usage`
 * for --help, 2 after printing the UsageError with `usage`. Any other error is a bug and propagates.
 */
export function optionsOrExitCode<T>(program: string, usage: string, parse: () => T | 'help'): T | number {
  let options: T | 'help';
  try {
    options = parse();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${program}: ${error.message}\n\n${usage}`);
    return 2;
  }
  if (options !== 'help') return options;
  console.log(usage);
  return 0;
}

export interface FlagSpec {
  /** True for a boolean switch; false for a flag that takes a value. */
  switch: boolean;
}

export type FlagValues = Record<string, string | boolean | undefined>;

export interface ParsedFlags {
  values: FlagValues;
  positionals: string[];
}

/** Parses argv strictly: unknown flags, missing values and (unless allowed) positionals are UsageErrors. */
export function parseFlags(
  argv: readonly string[],
  spec: Record<string, FlagSpec>,
  allowPositionals = false,
): ParsedFlags {
  const options = Object.fromEntries(
    Object.entries(spec).map(([name, flag]) => [name, { type: flag.switch ? 'boolean' : 'string' }]),
  ) as Record<string, { type: 'boolean' | 'string' }>;
  try {
    const parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals });
    return { values: parsed.values as FlagValues, positionals: parsed.positionals };
  } catch (error) {
    throw usageErrorFrom(error as Error & { code?: string });
  }
}

/** Turns node:util's parse errors into a UsageError that names the flag. */
function usageErrorFrom(error: Error & { code?: string }): UsageError {
  const flag = /'(-{1,2}[^' ]+)/.exec(error.message)?.[1] ?? '(arguments)';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(flag, 'unknown flag (see --help)');
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new UsageError(flag, 'needs a value, or takes none');
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError('(arguments)', `unexpected argument: ${error.message}`);
    default:
      return new UsageError(flag, error.message);
  }
}

/** Reads a string flag, or undefined when absent. */
export function stringFlag(values: FlagValues, name: string): string | undefined {
  const value = values[name];
  if (typeof value !== 'string') return undefined;
  if (value === '') throw new UsageError(`--${name}`, 'must not be empty');
  return value;
}

/** Reads a required string flag. */
export function requiredFlag(values: FlagValues, name: string): string {
  const value = stringFlag(values, name);
  if (value === undefined) throw new UsageError(`--${name}`, 'is required');
  return value;
}

/** Reads an integer flag within [min, max]. */
export function integerFlag(values: FlagValues, name: string, min: number, max: number): number | undefined {
  const text = stringFlag(values, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    const limit = value < min ? min : value > max ? max : undefined;
    throw new UsageError(`--${name}`, `must be an integer from ${min} to ${max}, got "${text}"`, limit);
  }
  return value;
}

/** Reads a flag that must be one of a few words. */
export function choiceFlag<T extends string>(
  values: FlagValues,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const text = stringFlag(values, name);
  if (text === undefined) return fallback;
  if (!(choices as readonly string[]).includes(text)) {
    throw new UsageError(`--${name}`, `must be one of ${choices.join(', ')}; got "${text}"`);
  }
  return text as T;
}
