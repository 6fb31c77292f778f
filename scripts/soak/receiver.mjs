import { createServer } from "node:http";

/**
 * A webhook receiver on 127.0.0.1 that fails some deliveries: on `/flaky/...` the first try of a share of the
 * webhook ids (every id seen is counted, and that share of each ten is refused once, so its retry succeeds)
 * answers 503; `/gone` always
 * answers 410, so its deliveries fail for good and its endpoint is disabled. Accepted deliveries are deduplicated
 * on `webhook-id`.
 */
export async function startReceiver({ failShare = 0.3 } = {}) {
  const accepted = new Map();
  const refused = new Set();
  const stats = { requests: 0, duplicates: 0, refused: 0, gone: 0 };
  const firstSeen = new Map();
  const failsFirst = (id) => {
    if (!firstSeen.has(id)) firstSeen.set(id, firstSeen.size);
    return (firstSeen.get(id) % 10) / 10 < failShare;
  };

  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      stats.requests += 1;
      const id = req.headers["webhook-id"];
      if (req.method !== "POST" || typeof id !== "string") return res.writeHead(400).end();
      if (req.url?.startsWith("/gone")) {
        stats.gone += 1;
        return res.writeHead(410).end();
      }
      if (failsFirst(id) && !refused.has(id)) {
        refused.add(id);
        stats.refused += 1;
        return res.writeHead(503, { "retry-after": "1" }).end();
      }
      if (accepted.has(id)) stats.duplicates += 1;
      else {
        let type;
        try {
          type = JSON.parse(Buffer.concat(chunks).toString("utf8")).type;
        } catch {
          type = "unreadable";
        }
        accepted.set(id, { path: req.url, type });
      }
      res.writeHead(204).end();
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    accepted,
    stats,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
