/** Signing secrets in the Standard Webhooks format: `whsec_` + base64 of random bytes. */

export const SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 32;

export function newSigningSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(SECRET_BYTES));
  return SECRET_PREFIX + btoa(String.fromCharCode(...bytes));
}

/** How long a rotated-out endpoint secret still signs deliveries beside the new one: a day to switch receivers. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 60 * 60 * 1000;
