import { Webhook } from "standardwebhooks";

/** How an inbound hook's sender signs: Standard Webhooks, or a GitHub-style hex HMAC of the raw body. */
export type SignatureScheme = "standard" | "github";

export type InboundVerdict =
  | { ok: true; messageId: string }
  | { ok: false; reason: "missing-headers" | "stale" | "bad-signature"; detail: string };

/**
 * The request body as it came: its bytes, as the sender signed them. A string is taken as its UTF-8 bytes. Both
 * schemes check the signature over these bytes; only the payload is read as text, as UTF-8 with a byte that is
 * not UTF-8 taken as U+FFFD.
 */
export type RawBody = string | Uint8Array;

export function bodyBytes(body: RawBody): Uint8Array {
  return typeof body === "string" ? new TextEncoder().encode(body) : body;
}

export function bodyText(body: RawBody): string {
  return typeof body === "string" ? body : new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(body);
}

export interface InboundMessage {
  body: RawBody;
  header: (name: string) => string | undefined;
  nowSeconds: number;
}

export const TOLERANCE_SECONDS = 5 * 60;
export const GITHUB_SIGNATURE_HEADER = "x-hub-signature-256";
export const GITHUB_DELIVERY_HEADER = "x-github-delivery";
const MESSAGE_ID = /^[\x21-\x7e]{1,200}$/;

export async function verifyInbound(
  scheme: SignatureScheme,
  secret: string,
  message: InboundMessage,
): Promise<InboundVerdict> {
  return scheme === "github" ? verifyGithub(secret, message) : verifyStandard(secret, message);
}

function verifyStandard(secret: string, { body, header, nowSeconds }: InboundMessage): InboundVerdict {
  const id = header("webhook-id");
  const timestamp = header("webhook-timestamp");
  const signature = header("webhook-signature");
  if (!id || !timestamp || !signature || !MESSAGE_ID.test(id)) {
    return {
      ok: false,
      reason: "missing-headers",
      detail: "webhook-id, webhook-timestamp and webhook-signature headers are required",
    };
  }
  const sentAt = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowSeconds - sentAt) > TOLERANCE_SECONDS) {
    return {
      ok: false,
      reason: "stale",
      detail: `webhook-timestamp must be within ${TOLERANCE_SECONDS} seconds of the server's clock`,
    };
  }
  try {
    // Only the signature is checked here: whether the body is JSON is the payload's question (a 422), not a 401.
    // Over the bytes, not their decoding: bytes that are not UTF-8 would not survive a round trip through text.
    new Webhook(secret).verify(
      bodyBytes(body),
      { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature },
      { jsonParse: false },
    );
    return { ok: true, messageId: id };
  } catch {
    return { ok: false, reason: "bad-signature", detail: "The webhook signature does not match the body" };
  }
}

async function verifyGithub(secret: string, { body, header }: InboundMessage): Promise<InboundVerdict> {
  const id = header(GITHUB_DELIVERY_HEADER);
  const signature = header(GITHUB_SIGNATURE_HEADER);
  if (!id || !signature || !MESSAGE_ID.test(id)) {
    return {
      ok: false,
      reason: "missing-headers",
      detail: "X-Hub-Signature-256 and a delivery id header (X-GitHub-Delivery) are required",
    };
  }
  const expected = `sha256=${await hmacSha256Hex(secret, body)}`;
  return constantTimeEqual(signature.trim().toLowerCase(), expected)
    ? { ok: true, messageId: id }
    : { ok: false, reason: "bad-signature", detail: "X-Hub-Signature-256 does not match the body" };
}

/** Hex HMAC-SHA256 of the body's bytes keyed by the secret's UTF-8 bytes (what GitHub-style senders compute). */
export async function hmacSha256Hex(secret: string, body: RawBody): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const mac = await crypto.subtle.sign("HMAC", key, bodyBytes(body));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compares every character whatever the first difference, so timing says nothing about the secret. */
export function constantTimeEqual(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) difference |= (a.charCodeAt(i) || 0) ^ b.charCodeAt(i);
  return difference === 0;
}
