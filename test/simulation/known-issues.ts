/**
 * Problems in the core that the sweep has found and reported but that are not fixed yet. Each is
 * recognised precisely (never "any linearizability failure"), counted and printed by every sweep run;
 * anything else still fails the sweep. Delete an entry once the core is fixed, so that the sweep fails
 * loudly if the problem comes back.
 */
export const knownIssues = {
  'promise-lowered-when-learning-chosen':
    'learning a chosen value rewrites the instance with the chosen ballot, lowering a higher promise ' +
    '(harmless for safety, since a chosen instance answers everything with CHOSEN, but the durable ' +
    'promise goes down)',
  'learner-only-deadlock':
    'two wiped replicas of a key in different datacenters stay learner-only for good: each waits for a ' +
    'key scan of every member of the other two datacenters, and a learner-only member refuses to answer',
} as const;

export type KnownIssueId = keyof typeof knownIssues;

/** Seeds that ran into each known issue, for the summary every sweep prints. */
export class KnownIssueTally {
  private readonly seeds = new Map<KnownIssueId, number[]>();

  add(seed: number, issues: readonly KnownIssueId[]): void {
    for (const issue of issues) this.seeds.set(issue, [...(this.seeds.get(issue) ?? []), seed]);
  }

  /** One line per issue seen: how many seeds, the first few, and what the issue is. */
  summary(): string[] {
    return [...this.seeds].map(
      ([issue, seeds]) =>
        `known core issue ${issue}: ${seeds.length} seeds (e.g. ${seeds.slice(0, 5).join(' ')}): ${knownIssues[issue]}`,
    );
  }
}
