import { z } from "@hono/zod-openapi";
import { emptyAsUnset } from "../core/vars";

/**
 * A query parameter sent empty (`?limit=`, `?cursor=`) is one left out: its default applies, as a form or a link
 * builder that writes every field leaves an unused one empty. Without this `?limit=` coerced to 0 and was a 400.
 */
export function unsetWhenEmpty<T extends z.ZodType>(schema: T) {
  return z.preprocess(emptyAsUnset, schema);
}

/** A list's page size: 1 to `max`, `fallback` when left out or empty. */
export function pageLimit(max: number, fallback: number) {
  return unsetWhenEmpty(z.coerce.number().int().min(1).max(max).default(fallback));
}
