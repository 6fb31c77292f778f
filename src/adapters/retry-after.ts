/**
 * The longest wait a `Retry-After` is taken at: twelve hours, the longest a queue message can be delayed. A
 * provider's daily quota can ask for more, and a hostile or broken server for centuries.
 */
export const MAX_RETRY_AFTER_MS = 12 * 60 * 60 * 1000;
/** delay-seconds: digits only (a fraction is read too, as some servers send one). */
const DELAY_SECONDS = /^\d+(?:\.\d+)?$/;
/**
 * An HTTP-date in its preferred form, `Sun, 06 Nov 1994 08:49:37 GMT`: checked before `Date.parse`, which reads
 * almost anything as some date ("5, 10", two headers joined by a proxy, reads as a day in 2001, a wait of zero).
 */
const HTTP_DATE = /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * A `Retry-After` value (delay-seconds or an HTTP-date) in milliseconds, at most MAX_RETRY_AFTER_MS; undefined
 * when absent or unreadable, so that the caller's own default applies.
 */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (DELAY_SECONDS.test(trimmed)) return Math.min(MAX_RETRY_AFTER_MS, Number(trimmed) * 1000);
  if (!HTTP_DATE.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - now));
}
