import type { Context } from "hono";
import { activeTraceparent } from "../adapters/telemetry/spans";

/**
 * The trace a request's job joins: the request span's, when traces are exported (it already continues an
 * incoming `traceparent`), else the caller's `traceparent` header.
 */
export function requestTraceparent(c: Context): string | undefined {
  return activeTraceparent() ?? c.req.header("traceparent");
}
