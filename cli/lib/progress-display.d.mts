import type { JobProgress } from "./job-progress.mjs";

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}
export function createProgressDisplay(
  stream?: ProgressStream,
  options?: { label?: string },
): { update(progress: JobProgress): void; end(): void };
