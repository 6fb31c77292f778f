import type { JobEvent } from "./api-types";

/** A job's events as the lines of its stage timeline. */
export interface TimelineEntry {
  version: number;
  label: string;
  time?: string;
  detail?: string;
}

/** Facts about readers, not steps of the job: every page view records one, so they would drown the stages. */
const NOT_STEPS = new Set(["ArticleViewed"]);

export const words = (type: string) => type.replace(/([a-z])([A-Z])/g, "$1 $2");

function field(data: unknown, name: string): unknown {
  return data && typeof data === "object" ? (data as Record<string, unknown>)[name] : undefined;
}

/** A short, human detail from the facts most events carry; the event's own type names the step. */
function detailOf(data: unknown): string | undefined {
  const parts: string[] = [];
  const attempt = field(data, "attempt");
  if (typeof attempt === "number") parts.push(`attempt ${attempt}`);
  const sources = field(data, "sources") ?? field(field(data, "report"), "sources");
  if (Array.isArray(sources)) {
    const ok = sources.filter((source) => field(source, "status") === "ok").length;
    parts.push(`${ok} of ${sources.length} sources usable`);
  }
  const score = field(data, "score") ?? field(field(data, "scores"), "overall");
  if (typeof score === "number") parts.push(`score ${Math.round(score)}`);
  const error = field(data, "error") ?? data;
  const message = field(error, "message");
  if (typeof message === "string") parts.push(message);
  const reason = field(data, "reason");
  if (typeof reason === "string") parts.push(reason.replaceAll("_", " "));
  return parts.length ? parts.join(" · ") : undefined;
}

export function timelineOf(events: JobEvent[]): TimelineEntry[] {
  return events
    .filter((event) => !NOT_STEPS.has(event.type))
    .sort((a, b) => a.version - b.version)
    .map((event) => ({
      version: event.version,
      label: words(event.type),
      ...(event.time ? { time: event.time } : {}),
      ...(detailOf(event.data) ? { detail: detailOf(event.data) } : {}),
    }));
}
