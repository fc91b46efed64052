/**
 * The newest lines an agent wrote, for the console's log view. Bounded in lines and in line length, so
 * a chatty agent never grows the console's memory.
 */
export interface LogLine {
  timeMs: number;
  text: string;
}

export class LogTail {
  private readonly lines: LogLine[] = [];
  private start = 0;
  /** Lines pushed out by newer ones. */
  dropped = 0;

  constructor(
    private readonly linesMax = 2000,
    private readonly lineCharsMax = 4096,
  ) {}

  append(text: string, timeMs = Date.now()): void {
    const line = {
      timeMs,
      text: text.length > this.lineCharsMax ? `${text.slice(0, this.lineCharsMax)}…` : text,
    };
    if (this.lines.length < this.linesMax) {
      this.lines.push(line);
      return;
    }
    this.lines[this.start] = line;
    this.start = (this.start + 1) % this.linesMax;
    this.dropped += 1;
  }

  /** The newest `count` lines, oldest first. */
  newest(count: number): LogLine[] {
    const ordered = this.lines.slice(this.start).concat(this.lines.slice(0, this.start));
    return ordered.slice(Math.max(0, ordered.length - count));
  }
}
