export interface StackOptions {
  port?: number;
  fixturesPort?: number;
  /** An already running fixture web (e.g. the simulated world) to use instead of starting one. */
  web?: { url: string; port: number };
  persistTo?: string;
  /** Extra `--var`s; `null` drops one (LLM_PROVIDERS defaults to `[]`: null leaves it to .dev.vars). */
  vars?: Record<string, string | null>;
  logLevel?: "debug" | "info" | "log" | "warn" | "error" | "none";
  onLog?: (line: string) => void;
  readyTimeoutMs?: number;
  /** The admin bearer token (default: a random one). */
  adminToken?: string;
  /** Serve `/__scheduled` so a caller drives the cron handler. */
  testScheduled?: boolean;
}

export interface Stack {
  baseUrl: string;
  fixturesUrl: string;
  adminToken: string;
  persistTo: string;
  workerOutput: string[];
  createTenantKey(name?: string): Promise<string>;
  /** SIGKILL to wrangler's whole process group, as a crash. */
  crash(): Promise<void>;
  /** Starts wrangler again on the same state and port; resolves once it answers /health. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export function startStack(options?: StackOptions): Promise<Stack>;
