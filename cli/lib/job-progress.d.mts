export interface JobProgress {
  stage: string;
  maxAttempts: number;
  attempt: number;
  sources?: { ok: number; total: number };
  scores?: { seo: number; quality: number; overall: number };
  writer?: string;
  passed?: boolean;
  error?: { code: string; message: string };
  done: boolean;
}
export function initialProgress(): JobProgress;
export function applyEvent(progress: JobProgress, event: { type: string; data?: unknown }): JobProgress;
export function fractionDone(progress: JobProgress): number;
export function describe(progress: JobProgress): string;
