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
