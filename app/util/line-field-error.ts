/**
 * A FieldError at one line of a text file (a lesson, a trace): the message starts with the line, so a
 * person finds the place before reading what is wrong with it.
 */
import { FieldError, type FieldProblem } from './field-error';

export class LineFieldError extends FieldError {
  override name = 'LineFieldError';

  constructor(
    /** The file's line, counting from 1 (0 when the problem is the whole file). */
    readonly line: number,
    field: string,
    reason: string,
    limit?: number,
  ) {
    super(field, reason, limit);
    this.message = `line ${line}, ${this.message}`;
  }

  /** A problem inside one line, for example an event's bad field, as an error of this class. */
  static at<T extends LineFieldError>(
    this: new (line: number, field: string, reason: string, limit?: number) => T,
    line: number,
    problem: FieldProblem,
  ): T {
    return new this(line, problem.field, problem.reason, problem.limit);
  }
}
