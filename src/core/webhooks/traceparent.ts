/** W3C Trace Context: `traceparent: 00-<32 hex trace id>-<16 hex parent id>-01`. */

const ALL_ZERO = /^0+$/;

function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A trace id in W3C form: a 32-hex id (or a UUID, dashes dropped) is kept; anything else gets a new one. */
export function toW3cTraceId(traceId: string | undefined): string {
  const candidate = (traceId ?? "").toLowerCase().replaceAll("-", "");
  return /^[0-9a-f]{32}$/.test(candidate) && !ALL_ZERO.test(candidate) ? candidate : randomHex(16);
}

/** A `traceparent` value for an outgoing call within the trace; the parent (span) id is fresh per call. */
export function traceparent(traceId: string | undefined): string {
  return `00-${toW3cTraceId(traceId)}-${randomHex(8)}-01`;
}
