/** A wire message that cannot become a core message; `field` is a path such as "messages[2].accept.ballot". */
export class WireFormatError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'WireFormatError';
  }
}
