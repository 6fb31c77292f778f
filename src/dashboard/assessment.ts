import { z } from "zod";
import { FindingSchema, type FindingView, type JobEvent } from "./api-types";

export type { FindingView };

const AssessedSchema = z.object({
  run: z.number(),
  attempt: z.number(),
  findings: z.array(FindingSchema).default([]),
});

/** The findings of a job still running: those of its latest assessment (a finished job's view names its own). */
export function latestFindings(events: JobEvent[]): FindingView[] {
  const assessed = events
    .filter((event) => event.type === "AssessmentCompleted")
    .flatMap((event) => {
      const parsed = AssessedSchema.safeParse(event.data);
      return parsed.success ? [parsed.data] : [];
    });
  return assessed.at(-1)?.findings ?? [];
}
