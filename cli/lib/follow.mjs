import { CliError, EXIT } from "./errors.mjs";
import { readEventStream } from "./sse.mjs";

const TERMINAL = new Set(["ArticleCompleted", "ArticleFailed"]);

/**
 * Follows a job's event stream until its final event, reconnecting with Last-Event-ID when the connection
 * drops early. Calls `onEvent` with each `{type, version, data, time}` once; resolves with the final event.
 */
export async function followJob(client, id, { onEvent = () => {}, timeoutMs = 300_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastId;
  let failures = 0;
  while (Date.now() < deadline) {
    const signal = AbortSignal.timeout(Math.max(deadline - Date.now(), 1));
    try {
      const response = await client.send("GET", `/v1/articles/${encodeURIComponent(id)}/events`, {
        accept: "text/event-stream",
        headers: lastId ? { "last-event-id": lastId } : {},
        signal,
      });
      for await (const message of readEventStream(response.body)) {
        const event = typeof message.data === "object" && message.data ? message.data : { type: message.event };
        event.type ??= message.event;
        if (message.id) lastId = message.id;
        failures = 0;
        onEvent(event);
        if (TERMINAL.has(event.type)) return event;
      }
    } catch (error) {
      if (error instanceof CliError && error.exitCode !== EXIT.unreachable) throw error;
      if (signal.aborted) break;
      if (++failures > 5) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** failures, 5000)));
  }
  throw new CliError(`gave up waiting for job ${id} after ${Math.round(timeoutMs / 1000)}s`, EXIT.unreachable);
}
