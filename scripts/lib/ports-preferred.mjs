import { createServer } from "node:net";
import { freePort } from "./ports.mjs";

function isFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** The preferred port when it is free (stable URLs for people), any free port otherwise. */
export async function preferredPort(port) {
  return (await isFree(port)) ? port : freePort();
}
