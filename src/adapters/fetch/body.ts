export type BodyRead =
  | { ok: true; bytes: Uint8Array; cut?: true }
  | { ok: false; reason: "too_large" | "timeout" | "network_error"; detail: string };

/**
 * Reads a response body up to `maxBytes`, stopping (and cancelling the stream) as soon as it is exceeded, and
 * giving up when `signal` aborts even if the server stalls mid-body. With `beyond: "cut"` a longer body is not
 * refused: its first `maxBytes` bytes are the answer, whatever its `Content-Length` says.
 */
export async function readCapped(
  response: Response,
  maxBytes: number,
  signal: AbortSignal,
  beyond: "refuse" | "cut" = "refuse",
): Promise<BodyRead> {
  const declared = Number(response.headers.get("content-length"));
  if (beyond === "refuse" && Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, reason: "too_large", detail: `Content-Length ${declared} exceeds ${maxBytes} bytes` };
  }
  if (!response.body) return { ok: true, bytes: new Uint8Array() };

  const reader = response.body.getReader();
  const aborted = new Promise<"aborted">((resolve) => {
    if (signal.aborted) resolve("aborted");
    signal.addEventListener("abort", () => resolve("aborted"), { once: true });
  });
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), aborted]);
      if (next === "aborted") {
        reader.cancel().catch(() => undefined);
        return { ok: false, reason: "timeout", detail: "the body did not arrive in time" };
      }
      if (next.done) break;
      total += next.value.byteLength;
      if (total > maxBytes) {
        reader.cancel().catch(() => undefined);
        if (beyond === "refuse")
          return { ok: false, reason: "too_large", detail: `the body exceeds ${maxBytes} bytes` };
        const kept = next.value.subarray(0, next.value.byteLength - (total - maxBytes));
        chunks.push(kept);
        return { ok: true, bytes: concat(chunks, maxBytes), cut: true };
      }
      chunks.push(next.value);
    }
  } catch (error) {
    if (signal.aborted) return { ok: false, reason: "timeout", detail: "the body did not arrive in time" };
    return { ok: false, reason: "network_error", detail: error instanceof Error ? error.message : String(error) };
  }
  return { ok: true, bytes: concat(chunks, total) };
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
