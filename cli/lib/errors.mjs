/** Exit codes scripts can rely on. */
export const EXIT = {
  ok: 0,
  jobFailed: 1,
  usage: 2,
  auth: 3,
  rejected: 4,
  unreachable: 5,
};

/** An error the CLI reports as one clear message and a specific exit code. */
export class CliError extends Error {
  constructor(message, exitCode, details = []) {
    super(message);
    this.exitCode = exitCode;
    this.details = details;
  }
}

export const usageError = (message) => new CliError(message, EXIT.usage);
