/** Failures the pipeline can act on: transient ones are retried with backoff, permanent ones fail fast. */
export class TransientError extends Error {
  override readonly name = "TransientError";
  constructor(
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export class PermanentError extends Error {
  override readonly name = "PermanentError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function isTransient(error: unknown): error is TransientError {
  return error instanceof TransientError;
}

/** A projection rebuild's claim passed to another rebuild (it lapsed): it stopped before its swap, changing nothing. */
export class RebuildSuperseded extends Error {
  override readonly name = "RebuildSuperseded";
  constructor() {
    super("another rebuild took over the shadow tables; this one stopped without swapping");
  }
}
