/**
 * Reads a text/event-stream response into `{ id, event, data }` messages (data JSON-parsed when it parses).
 * Follows the WHATWG parsing rules that matter here: `field: value` lines, blank line ends a message, `:` comments.
 */
export async function* readEventStream(body) {
  const decoder = new TextDecoder();
  let buffer = "";
  let message = { data: [] };
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.search(/\r\n|\n|\r/);
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith("\r\n", newline) ? 2 : 1));
      if (line === "") {
        if (message.data.length) yield finish(message);
        message = { data: [] };
      } else if (!line.startsWith(":")) {
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "data") message.data.push(value);
        else if (field === "id") message.id = value;
        else if (field === "event") message.event = value;
      }
      newline = buffer.search(/\r\n|\n|\r/);
    }
  }
}

function finish(message) {
  const raw = message.data.join("\n");
  let data = raw;
  try {
    data = JSON.parse(raw);
  } catch {
    // not JSON: keep the text
  }
  return { id: message.id, event: message.event, data };
}
