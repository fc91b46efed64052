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
