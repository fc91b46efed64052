/**
 * Bad input, named the same way in every process: the field at fault as a path, the limit it broke when
 * there is one, and why. A topology file, a console command, a fault change, a wire message and a
 * command-line flag all answer with it (or a subclass a caller must tell apart), so a person reads one
 * sentence shape everywhere: "field: reason", with the limit in it.
 */
import type { z } from 'zod';

/** A field at fault, as a FieldError carries it and as it crosses a process boundary. */
export interface FieldProblem {
  /** The offending field as a path, for example "datacenters[0].miniClusters[1].nodes[0].port" or "--sync". */
  readonly field: string;
  /** What is wrong with it, for example "must be at most 65535". */
  readonly reason: string;
  /** The number the field broke (a length, a size in bytes, a count), when there is one. */
  readonly limit?: number | undefined;
}

export class FieldError extends Error implements FieldProblem {
  override name = 'FieldError';
  readonly limit: number | undefined;

  constructor(
    readonly field: string,
    readonly reason: string,
    limit?: number,
  ) {
    super(fieldMessage(field, reason, limit));
    this.limit = limit;
  }

  /** An error of this class for a problem: `TopologyError.from(zodProblem(parsed.error))`. */
  static from<T extends FieldError>(
    this: new (field: string, reason: string, limit?: number) => T,
    problem: FieldProblem,
  ): T {
    return new this(problem.field, problem.reason, problem.limit);
  }

  /** The same problem one level down, for a caller that holds this input under `prefix`. */
  under(prefix: string): FieldProblem {
    return { field: nestedField(prefix, this.field), reason: this.reason, limit: this.limit };
  }
}

/** "field: reason", adding the limit when the reason does not already say it. */
export function fieldMessage(field: string, reason: string, limit?: number): string {
  const named = limit === undefined || mentionsNumber(reason, limit);
  return `${field}: ${reason}${named ? '' : ` (limit ${limit})`}`;
}

/**
 * `field` as seen from the input that holds it under `prefix`: "topology" + "datacenters[0].id" is
 * "topology.datacenters[0].id". A placeholder for the whole input such as "(root)" becomes `prefix`.
 */
export function nestedField(prefix: string, field: string): string {
  if (prefix === '') return field;
  if (field === '' || field.startsWith('(')) return prefix;
  return field.startsWith('[') ? `${prefix}${field}` : `${prefix}.${field}`;
}

/** A zod path as a field path under `prefix`: ["datacenters", 0, "id"] is "datacenters[0].id". */
export function fieldPath(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => {
    if (typeof part === 'number') return `${text}[${part}]`;
    return text === '' ? String(part) : `${text}.${String(part)}`;
  }, prefix);
}

/**
 * The first issue zod found, as a field problem: its path under `prefix` (or `whole` when the issue is
 * about the whole input), its message, and for a size or range issue the bound it broke.
 */
export function zodProblem(error: z.ZodError, prefix = '', whole = '(root)'): FieldProblem {
  const issue = error.issues[0];
  const field = fieldPath(prefix, issue?.path ?? []) || whole;
  if (!issue) return { field, reason: 'invalid' };
  return { field, reason: issue.message, limit: issueLimit(issue) };
}

function issueLimit(issue: z.core.$ZodIssue): number | undefined {
  if (issue.code === 'too_big') return Number(issue.maximum);
  if (issue.code === 'too_small') return Number(issue.minimum);
  return undefined;
}

/** True when `text` has `limit` as a number of its own (so 6 is not found inside 65536 or 0.6). */
function mentionsNumber(text: string, limit: number): boolean {
  const written = String(limit).replace(/[.+]/g, '\\$&');
  return new RegExp(`(?<![\\d.])${written}(?!\\.?\\d)`).test(text);
}
