const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** Continues the caller's W3C trace when a valid `traceparent` comes in; starts a new one otherwise. */
export function traceIdFrom(traceparent: string | undefined | null): string {
  const match = traceparent ? TRACEPARENT.exec(traceparent.trim().toLowerCase()) : null;
  if (match?.[1] && !/^0+$/.test(match[1])) return match[1];
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
}
