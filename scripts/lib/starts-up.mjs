import { freePort } from "./ports.mjs";
import { spawnGroup } from "./processes.mjs";

/**
 * Starts `wrangler dev` (`command` with `args`; the port flags are added here, on ports the OS gives on 127.0.0.1,
 * where a random pick could land on one in use) and asks GET /health until it answers. Resolves to a problem, or
 * undefined when it answered 200; wrangler's whole process group is gone by then.
 */
export async function startsUp(command, args, { cwd, env, timeoutMs = 60_000 } = {}) {
  const port = await freePort();
  const ports = ["--port", String(port), "--inspector-port", String(await freePort())];
  const proc = spawnGroup(command, [...args, ...ports], { cwd, env });
  let exited;
  proc.exited.then(({ code, signal }) => {
    exited = signal ?? code;
  });
  try {
    for (let waited = 0; waited < timeoutMs; waited += 500) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      if (exited !== undefined) return `wrangler dev exited with ${exited}:\n${proc.tail.slice(-10).join("\n")}`;
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(5000) });
        return response.ok
          ? undefined
          : `GET /health answered ${response.status}: ${(await response.text()).slice(0, 300)}`;
      } catch {
        // not listening yet
      }
    }
    return `the Worker did not answer /health within ${timeoutMs / 1000} s`;
  } finally {
    await proc.stop();
  }
}
