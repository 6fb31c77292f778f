/**
 * Re-frames the API's server-sent events as unnamed `message` events. The API names each event after
 * its type (`event: DraftWritten`), and a browser only delivers named events to listeners registered for
 * that exact name; every `data:` payload carries its type anyway, so dropping the name loses nothing.
 */
export function asMessageEvents(stream: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let pending = "";
  const keep = (line: string) => !line.startsWith("event:");
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        pending += decoder.decode(chunk, { stream: true });
        const lines = pending.split(/\r\n|\r|\n/);
        pending = lines.pop() ?? "";
        const kept = lines.filter(keep);
        if (kept.length) controller.enqueue(encoder.encode(`${kept.join("\n")}\n`));
      },
      flush(controller) {
        pending += decoder.decode();
        if (pending && keep(pending)) controller.enqueue(encoder.encode(pending));
      },
    }),
  );
}
