/** A stored record that cannot be trusted; recovery stops rather than run Paxos on a broken promise. */
export class CorruptRecordError extends Error {
  constructor(
    /** The PLog key whose record is bad, or "(agent meta)" for the meta record. */
    readonly key: string,
    readonly reason: string,
  ) {
    super(`stored record for key ${JSON.stringify(key)} is corrupt: ${reason}`);
    this.name = 'CorruptRecordError';
  }
}

/** A stored record written by another protocol than the one this agent runs: the directory is not its. */
export class ForeignRecordError extends Error {
  constructor(
    readonly key: string,
    /** The protocol that wrote the record, as the record names it. */
    readonly protocol: string,
    /** The protocol this agent runs. */
    readonly running: string,
  ) {
    super(`stored record for key ${JSON.stringify(key)} is a ${protocol} record; this agent runs ${running}`);
    this.name = 'ForeignRecordError';
  }
}
