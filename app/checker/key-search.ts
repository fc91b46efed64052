/**
 * The WGL search for one key (Wing & Gong, with Lowe's memoisation of visited nodes): walk the entry
 * list; at a call entry try to linearize that operation next; at a return entry the operation should
 * already have been linearized, so undo the latest choice and try the next candidate. The history is
 * linearizable when every definite operation has been linearized, and not when the search must undo
 * with nothing left to undo.
 *
 * Shortcuts keep it near linear on real histories, each sound on its own (the brute-force twin in
 * test/unit/checker checks them): a pending read that the state allows is placed at once and never
 * reconsidered (beginLevel); a step that leaves some pending operation needing an older version than
 * the key now has is refused (RequiredVersions), which holds timed-out writes to the versions no
 * acknowledged write reported; twin timed-out writes are applied in call order only (twin-writes.ts);
 * a (linearized set, state) node seen before is not searched again (VisitedCache). The plain mode
 * leaves out the twins, as the search did before them: tests and the benchmark compare the two.
 */
import { EntryList, callEntryOf, isCallEntry, operationOf } from './entry-list';
import { StepKind, type KeyOperations } from './key-operations';
import { initialModelState, stepModel, type ModelState } from './kv-model';
import { LinearizedSet } from './linearized-set';
import { RequiredVersions } from './required-versions';
import { previousTwins } from './twin-writes';
import { VisitResult, VisitedCache } from './visited-cache';

/** A point in time after which the search gives up; `now` is read every few thousand steps. */
export interface Deadline {
  now: () => number;
  atMs: number;
}

/** Where the search got furthest before it had to undo: the explanation of a violation. */
export interface StuckPoint {
  /** Operation indexes of the longest linearizable prefix found, in order. */
  prefix: number[];
  /** How many operations of the prefix are definite (not timed-out writes): the measure of progress. */
  definiteCount: number;
  state: ModelState;
  /** The operation whose return entry forced the undo. */
  blocked: number;
}

/** What bounds one key's search. */
export interface SearchLimits {
  /** Null: no clock, no time limit. */
  deadline: Deadline | null;
  /** The most the memo of visited nodes may hold, in bytes. */
  memoryBytes: number;
  /** 'fast' (every shortcut) or 'plain' (without twin writes: the search before them, for comparison). */
  mode: SearchMode;
}

export type SearchMode = 'fast' | 'plain';

/** Why a search ended undecided. */
export type StopReason = 'time' | 'memory';

export interface KeySearchOutcome {
  verdict: 'ok' | 'violation' | 'unknown';
  /** Present for unknown. */
  stopReason?: StopReason;
  /** ok: a full linearization; unknown: the path the search was on when time ran out. */
  path: number[];
  state: ModelState;
  /** The furthest stuck point (see explainsMore); always present for violation. */
  stuck: StuckPoint | null;
  statesVisited: number;
  backtracks: number;
  /** The most the memo held, in bytes, over both searches. */
  memoBytes: number;
}

/** Steps between two reads of the clock: rare enough to cost nothing, frequent enough to stop promptly. */
const stepsPerClockRead = 4096;
/** Returned in place of an entry: the current level cannot succeed, undo the step that led to it. */
const deadLevel = -2;
/** Returned in place of an entry: the memo is full, the search must stop. */
const memoryFullLevel = -3;
const placed = 0;
const refused = 1;
const alreadyVisited = 2;
const memoryFull = 3;
type Attempt = typeof placed | typeof refused | typeof alreadyVisited | typeof memoryFull;

/** How many steps the second search, run only to explain a violation, may take. */
const explainStepsMax = 200_000;

export function searchKey(keyOperations: KeyOperations, limits: SearchLimits): KeySearchOutcome {
  const twins = limits.mode === 'fast';
  const outcome = new KeySearch(keyOperations, true, twins, limits.memoryBytes).run(
    limits.deadline,
    Infinity,
  );
  if (outcome.verdict !== 'violation') return outcome;
  // Version pruning, which makes the search fast, also stops it before the operation a person would
  // blame. A search without it walks up to that operation; any stuck point it reaches, even if it is
  // cut short, is a valid linearizable prefix, so the deeper of the two explains the violation.
  const explanation = new KeySearch(keyOperations, false, twins, limits.memoryBytes).run(
    limits.deadline,
    explainStepsMax,
  );
  const better = explanation.stuck !== null && explainsMore(explanation.stuck, outcome.stuck);
  const memoBytes = Math.max(outcome.memoBytes, explanation.memoBytes);
  return { ...outcome, memoBytes, stuck: better ? explanation.stuck : outcome.stuck };
}

/**
 * Whether a stuck point is a better explanation than another: it placed more definite operations,
 * or as many with fewer timed-out writes (those are placed only to explain, and only clutter).
 */
function explainsMore(
  candidate: { definiteCount: number; prefix: ArrayLike<number> },
  current: StuckPoint | null,
): boolean {
  if (current === null) return true;
  if (candidate.definiteCount !== current.definiteCount)
    return candidate.definiteCount > current.definiteCount;
  return candidate.prefix.length < current.prefix.length;
}

class KeySearch {
  private readonly entries: EntryList;
  private readonly linearized: LinearizedSet;
  private readonly visited: VisitedCache;
  /** Null when the search runs without version pruning (to explain a violation). */
  private readonly requiredVersions: RequiredVersions | null;
  /** Null in the plain mode, which applies twin timed-out writes in any order. */
  private readonly previousTwin: Int32Array | null;
  /** The current path: operation indexes, the state before each, and whether it was forced. */
  private readonly pathOperations: Int32Array;
  private readonly pathValueIds: Int32Array;
  private readonly pathVersions: Float64Array;
  private readonly pathForced: Uint8Array;
  private depth = 0;
  private readonly state = initialModelState();
  private readonly nextState = initialModelState();
  /** Definite operations (every kind but maybeWrite) not yet on the path: the search is done at 0. */
  private remainingDefinite = 0;
  private readonly definiteCount: number;
  private stuck: StuckPoint | null = null;
  private backtracks = 0;

  constructor(
    private readonly keyOperations: KeyOperations,
    pruneByVersion: boolean,
    twins: boolean,
    memoryBytes: number,
  ) {
    const count = keyOperations.stepKind.length;
    this.entries = new EntryList(keyOperations.callMs, keyOperations.returnMs);
    this.linearized = new LinearizedSet(count);
    this.visited = new VisitedCache(memoryBytes);
    this.requiredVersions = pruneByVersion ? new RequiredVersions(keyOperations) : null;
    this.previousTwin = twins ? previousTwins(keyOperations) : null;
    this.pathOperations = new Int32Array(count);
    this.pathValueIds = new Int32Array(count);
    this.pathVersions = new Float64Array(count);
    this.pathForced = new Uint8Array(count);
    keyOperations.stepKind.forEach((kind) => {
      if (kind !== StepKind.maybeWrite) this.remainingDefinite++;
    });
    this.definiteCount = this.remainingDefinite;
  }

  /** Searches until decided, or until the deadline, the memory limit or stepsMax ends it with 'unknown'. */
  run(deadline: Deadline | null, stepsMax: number): KeySearchOutcome {
    let entry = this.beginLevel();
    let steps = 0;
    while (this.remainingDefinite > 0) {
      steps++;
      if (
        steps > stepsMax ||
        (deadline !== null && steps % stepsPerClockRead === 0 && deadline.now() >= deadline.atMs)
      ) {
        return this.outcome('unknown', 'time');
      }
      if (entry === memoryFullLevel) return this.outcome('unknown', 'memory');
      if (entry !== deadLevel && isCallEntry(entry)) {
        const attempt = this.tryLinearize(operationOf(entry), false);
        if (attempt === memoryFull) return this.outcome('unknown', 'memory');
        entry = attempt === placed ? this.beginLevel() : (this.entries.next[entry] ?? -1);
        continue;
      }
      if (entry !== deadLevel) this.noteStuck(entry);
      const resumeAt = this.backtrack();
      if (resumeAt === null) return this.outcome('violation');
      entry = resumeAt;
    }
    return this.outcome('ok');
  }

  /**
   * Starts a level by placing any pending observer (a read or a cas conflict) that the state allows:
   * it changes nothing, and no pending operation must precede it, so if any order of the rest works
   * one works with the observer first. Such a step is forced: the search never tries alternatives
   * to it, which stops it from exploring every subset of concurrent reads. Returns where the normal
   * scan starts, deadLevel when a forced step leads to a node already explored, or memoryFullLevel.
   */
  private beginLevel(): number {
    for (;;) {
      let forcedOne = false;
      for (
        let entry = this.entries.first();
        entry >= 0 && isCallEntry(entry);
        entry = this.entries.next[entry] ?? -1
      ) {
        const operation = operationOf(entry);
        if (!this.isObserver(operation)) continue;
        const attempt = this.tryLinearize(operation, true);
        if (attempt === alreadyVisited) return deadLevel;
        if (attempt === memoryFull) return memoryFullLevel;
        if (attempt === placed) {
          forcedOne = true;
          break;
        }
      }
      if (!forcedOne) return this.entries.first();
    }
  }

  private isObserver(operation: number): boolean {
    const kind = this.keyOperations.stepKind[operation];
    return kind === StepKind.read || kind === StepKind.casConflict;
  }

  /** Puts the operation next on the path when the model allows it and the node is new. */
  private tryLinearize(operation: number, forced: boolean): Attempt {
    const { state, nextState } = this;
    const twin = this.previousTwin?.[operation] ?? -1;
    if (twin !== -1 && !this.linearized.has(twin)) return refused;
    if (!stepModel(this.keyOperations, operation, state.valueId, state.version, nextState)) return refused;
    const required = this.requiredVersions;
    if (required !== null && nextState.version > required.minimumWithout(operation)) return refused;
    this.linearized.add(operation);
    const visit = this.visited.addIfNew(this.linearized, nextState.valueId, nextState.version);
    if (visit !== VisitResult.added) {
      this.linearized.delete(operation);
      return visit === VisitResult.seen ? alreadyVisited : memoryFull;
    }
    required?.remove(operation);
    this.pathOperations[this.depth] = operation;
    this.pathValueIds[this.depth] = state.valueId;
    this.pathVersions[this.depth] = state.version;
    this.pathForced[this.depth] = forced ? 1 : 0;
    this.depth++;
    state.valueId = nextState.valueId;
    state.version = nextState.version;
    this.entries.lift(operation);
    if (this.keyOperations.stepKind[operation] !== StepKind.maybeWrite) this.remainingDefinite--;
    return placed;
  }

  /**
   * Undoes steps until one that was a free choice, and returns the entry after it, where the scan of
   * that level goes on; a forced step's level has no alternatives. Null when nothing is left to undo.
   */
  private backtrack(): number | null {
    this.backtracks++;
    while (this.depth > 0) {
      const forced = this.pathForced[this.depth - 1] === 1;
      const operation = this.undo();
      if (!forced) return this.entries.next[callEntryOf(operation)] ?? -1;
    }
    return null;
  }

  /** Takes the latest operation off the path and returns it. */
  private undo(): number {
    this.depth--;
    const operation = this.pathOperations[this.depth] ?? 0;
    this.state.valueId = this.pathValueIds[this.depth] ?? 0;
    this.state.version = this.pathVersions[this.depth] ?? 0;
    this.linearized.delete(operation);
    this.requiredVersions?.restore(operation);
    this.entries.unlift(operation);
    if (this.keyOperations.stepKind[operation] !== StepKind.maybeWrite) this.remainingDefinite++;
    return operation;
  }

  /** Remembers the furthest point where a return entry was reached, to explain a violation. */
  private noteStuck(returnEntry: number): void {
    const definiteCount = this.definiteCount - this.remainingDefinite;
    const here = { definiteCount, prefix: this.pathOperations.subarray(0, this.depth) };
    if (!explainsMore(here, this.stuck)) return;
    this.stuck = {
      prefix: this.currentPath(),
      definiteCount,
      state: { ...this.state },
      blocked: operationOf(returnEntry),
    };
  }

  private currentPath(): number[] {
    return Array.from(this.pathOperations.subarray(0, this.depth));
  }

  private outcome(verdict: KeySearchOutcome['verdict'], stopReason?: StopReason): KeySearchOutcome {
    return {
      verdict,
      ...(stopReason === undefined ? {} : { stopReason }),
      path: this.currentPath(),
      state: { ...this.state },
      stuck: this.stuck,
      statesVisited: this.visited.size,
      backtracks: this.backtracks,
      memoBytes: this.visited.bytes(),
    };
  }
}
