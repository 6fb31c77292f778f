import type { Server } from "node:http";

/**
 * Stops a test's HTTP server without waiting on its clients: idle keep-alive sockets are closed at once (one would
 * otherwise hold `close()` open until it timed out), and a request still open after `graceMs` is cut off and fails
 * the teardown with a message naming the server, instead of hanging the run.
 */
export function closeServer(server: Server, name: string, graceMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const stuck = setTimeout(() => {
      server.closeAllConnections();
      reject(new Error(`${name} still had open requests ${graceMs} ms after its tests ended`));
    }, graceMs);
    stuck.unref();
    server.close(() => {
      clearTimeout(stuck);
      resolve();
    });
    server.closeIdleConnections();
  });
}
