export interface InvariantResult {
  name: string;
  ok: boolean;
  broken: number;
  examples: unknown[];
}

export interface SoakState {
  events: { stream_id: string; version: number; type: string; data: string }[];
  jobs: Record<string, unknown>[];
  jobsRebuilt: Record<string, unknown>[];
  analytics: Record<string, unknown>[];
  analyticsRebuilt: Record<string, unknown>[];
  outbox: { id: string; queue: string; sent_at: number | null; sends: number }[];
  deliveries: { id: string; job_id: string; dedupe_key: string; event_type: string; status: string }[];
  received: string[];
  accepted: string[];
  /** Paths the web served declining AI use (the world's `declinedPaths`). */
  declinedPaths?: string[];
  /** Paths the web's robots.txt declines for AI use, and every path the web was asked for. */
  robotsDeclinedPaths?: string[];
  requestedPaths?: string[];
  expectedReceivers?: (run: { jobId: string; run: number; eventType: string }) => number;
}

export function runsOf(list: SoakState["events"]): { run: number; terminals: string[] }[];
export function checkInvariants(state: SoakState): InvariantResult[];
