/**
 * A scenario to hand to someone else: the protocol, topology and other options, the seed, and the
 * inputs (client requests, faults, crashes, deliveries at simulated times) that reproduce a run
 * exactly. Two forms of one content: a file (readable JSON with a format header) and a URL fragment
 * (`#sim=` + base64url of compact JSON) that a console opens in its simulator. Both are validated on the
 * way in; a bad one throws ScenarioShareError naming the field and the limit. docs/scenario-share.md
 * describes both forms.
 */
import { z } from 'zod';
import { defaultTopology } from '../model/topology';
import { bytesToBase64, base64ToBytes, bytesToUtf8, utf8ToBytes } from '../util/byte-text';
import { FieldError, zodProblem } from '../util/field-error';
import { simOptionsSchema, type SimInput, type SimOptionsInput } from './inputs';
import { runExportSchema, type RunExport } from './run-export';

export const scenarioFormatName = 'paxoscope-scenario';
export const scenarioFormatVersion = 1;
/** The fragment's prefix, after `#`. */
export const fragmentPrefix = 'sim=';
/** Browsers and chat tools keep URLs of this length; a longer scenario travels as a file. */
export const fragmentCharsMax = 32_768;
/** A scenario file larger than this is refused before parsing, in characters. */
export const scenarioFileCharsMax = 16 * 1024 * 1024;

export class ScenarioShareError extends FieldError {
  override name = 'ScenarioShareError';
}

/**
 * The same run with consecutive advances merged into the last one (the history logs long advances in
 * slices; one advance to the later time processes the same events in the same order) and the options
 * left at their defaults omitted, so the shared form is as small as the run allows.
 */
export function compactScenario(run: RunExport): RunExport {
  const inputs: SimInput[] = [];
  for (const input of run.inputs) {
    const last = inputs[inputs.length - 1];
    if (input.kind === 'advance' && last?.kind === 'advance') inputs[inputs.length - 1] = input;
    else inputs.push(input);
  }
  const options = changedOptions(run.options ?? {});
  return options === undefined ? { seed: run.seed, inputs } : { seed: run.seed, options, inputs };
}

/** Only the options that differ from the defaults; undefined when none does. */
function changedOptions(options: SimOptionsInput): SimOptionsInput | undefined {
  const defaults: Record<string, unknown> = simOptionsSchema.parse({});
  const given = simOptionsSchema.parse(options) as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) {
    if (name === 'topology') {
      if (JSON.stringify(value) !== JSON.stringify(defaultTopology())) changed[name] = value;
    } else if (value !== defaults[name]) changed[name] = value;
  }
  return Object.keys(changed).length === 0 ? undefined : (changed as SimOptionsInput);
}

/** The scenario as a file: a readable JSON document whose first fields name the format. */
export function scenarioToFile(run: RunExport): string {
  const compact = compactScenario(run);
  return JSON.stringify({ format: scenarioFormatName, version: scenarioFormatVersion, ...compact }, null, 2);
}

const fileHeaderSchema = z.looseObject({
  format: z.literal(scenarioFormatName, `must be "${scenarioFormatName}"`),
  version: z.literal(scenarioFormatVersion, `this console reads version ${scenarioFormatVersion}`),
});

/** Reads a scenario file; throws ScenarioShareError naming the field (for example "inputs[3].node"). */
export function scenarioFromFile(text: string): RunExport {
  if (text.length > scenarioFileCharsMax) {
    throw new ScenarioShareError(
      'file',
      `must be at most ${scenarioFileCharsMax} characters`,
      scenarioFileCharsMax,
    );
  }
  const json = parseJson(text, 'file');
  const header = fileHeaderSchema.safeParse(json);
  if (!header.success) throw ScenarioShareError.from(zodProblem(header.error));
  const { format: _format, version: _version, ...run } = header.data;
  return validRun(run, '');
}

/** `#sim=…`: the compact scenario as base64url; `hash` may or may not start with `#`. */
export function scenarioToFragment(run: RunExport): string {
  const { seed, options, inputs } = compactScenario(run);
  // An advance, the commonest input, travels as its bare time.
  const wire = {
    s: seed,
    o: options,
    i: inputs.map((input) => (input.kind === 'advance' ? input.toMs : input)),
  };
  return `#${fragmentPrefix}${toBase64Url(utf8ToBytes(JSON.stringify(wire)))}`;
}

/** The scenario in a URL fragment, validated; errors name "fragment" or the field inside it. */
export function scenarioFromFragment(hash: string): RunExport {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!text.startsWith(fragmentPrefix)) {
    throw new ScenarioShareError('fragment', `must start with "#${fragmentPrefix}"`);
  }
  if (text.length > fragmentCharsMax) {
    throw new ScenarioShareError(
      'fragment',
      `must be at most ${fragmentCharsMax} characters`,
      fragmentCharsMax,
    );
  }
  const bytes = fromBase64Url(text.slice(fragmentPrefix.length));
  const json = bytes && bytesToUtf8(bytes);
  if (json === null || json === undefined) {
    throw new ScenarioShareError('fragment', 'must be base64url of UTF-8 text');
  }
  const wire = parseJson(json, 'fragment');
  const parsed = fragmentSchema.safeParse(wire);
  if (!parsed.success) throw ScenarioShareError.from(zodProblem(parsed.error, 'fragment'));
  const inputs = parsed.data.i.map((input) =>
    typeof input === 'number' ? { kind: 'advance', toMs: input } : input,
  );
  return validRun({ seed: parsed.data.s, options: parsed.data.o, inputs }, 'fragment');
}

/** The fragment's outer shape; the run inside is checked by runExportSchema once advances are expanded. */
const fragmentSchema = z.strictObject({
  s: z.unknown(),
  o: z.unknown().optional(),
  i: z.array(z.unknown()),
});

function validRun(run: unknown, prefix: string): RunExport {
  const parsed = runExportSchema.safeParse(run);
  if (!parsed.success) throw ScenarioShareError.from(zodProblem(parsed.error, prefix));
  const { seed, options, inputs } = parsed.data;
  return options === undefined ? { seed, inputs } : { seed, options, inputs };
}

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ScenarioShareError(field, `must be JSON: ${(error as Error).message}`);
  }
}

function toBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const padded = text.replace(/-/g, '+').replace(/_/g, '/');
  return base64ToBytes(padded + '='.repeat((4 - (padded.length % 4)) % 4));
}
