/**
 * A W3C `traceparent`: version (never `ff`), trace id, parent id and flags in lower-case hex; a later version may
 * carry more fields after a dash, version `00` none. Read as the tracing propagator reads it, so a job's trace id
 * does not depend on whether traces are exported.
 */
const TRACEPARENT = /^(?!ff)([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}(-.*)?$/;

/** Continues the caller's W3C trace when a valid `traceparent` comes in; starts a new one otherwise. */
export function traceIdFrom(traceparent: string | undefined | null): string {
  const match = traceparent ? TRACEPARENT.exec(traceparent.trim()) : null;
  const [, version, traceId, parentId, rest] = match ?? [];
  const valid =
    traceId !== undefined &&
    !/^0+$/.test(traceId) &&
    !/^0+$/.test(parentId ?? "") &&
    !(version === "00" && rest !== undefined);
  if (valid) return traceId;
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
}
