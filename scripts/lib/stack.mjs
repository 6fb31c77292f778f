import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startFixtureServer } from "../../fixtures/lib/app.mjs";
import { freePort } from "./ports.mjs";
import { run, spawnGroup } from "./processes.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const WRANGLER = path.join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
const QUIET_ENV = { CI: "true", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", FORCE_COLOR: "0" };

async function waitForHealth(baseUrl, proc, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  proc.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`wrangler dev exited before it was ready:\n${proc.tail.join("\n")}`);
    try {
      const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(
    `wrangler dev did not answer ${baseUrl}/health within ${timeoutMs / 1000}s:\n${proc.tail.join("\n")}`,
  );
}

async function adminCall(baseUrl, adminToken, pathName, body) {
  const response = await fetch(`${baseUrl}${pathName}`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`POST ${pathName}: ${response.status} ${await response.text()}`);
  return response.json();
}

/**
 * Starts the fixture web (in this process) and `wrangler dev` (its own process group) on free 127.0.0.1 ports,
 * with the D1 migrations applied to a fresh persistence directory. `stop()` undoes all of it.
 *
 * Options: `port`, `fixturesPort` (0 = any free one), `web` (an already running fixture web: `{ url, port }`), `persistTo` (kept; default a temp dir removed on stop),
 * `vars` (extra `--var`s; `LLM_PROVIDERS` is `[]` unless given, `null` leaves it to .dev.vars),
 * `onLog(line)` (wrangler's output), `readyTimeoutMs`, `adminToken` (default a random one), `testScheduled`
 * (serve `/__scheduled` to run the cron handler). `crash()` kills wrangler's whole process group with SIGKILL
 * and `restart()` starts it again on the same state and port.
 */
export async function startStack(options = {}) {
  const cleanups = [];
  const stop = async () => {
    while (cleanups.length)
      await cleanups
        .pop()()
        .catch(() => {});
  };
  try {
    // A caller that serves the fixture web itself (the simulated world) passes it as `web` and stops it itself.
    const fixtures = options.web ?? (await startFixtureServer({ port: options.fixturesPort ?? 0 }));
    if (!options.web) cleanups.push(() => fixtures.close());
    const fixturesHost = `127.0.0.1:${fixtures.port}`;

    let persistTo = options.persistTo;
    if (!persistTo) {
      const temporary = await mkdtemp(path.join(tmpdir(), "optiblog-state-"));
      const removeOnExit = () => rmSync(temporary, { recursive: true, force: true });
      process.once("exit", removeOnExit);
      cleanups.push(async () => {
        process.off("exit", removeOnExit);
        await rm(temporary, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      });
      persistTo = temporary;
    }
    await run(process.execPath, [WRANGLER, "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], {
      cwd: ROOT,
      env: QUIET_ENV,
    });

    const port = options.port ?? (await freePort());
    const adminToken = options.adminToken ?? randomBytes(24).toString("base64url");
    const vars = {
      ADMIN_TOKEN: adminToken,
      ALLOW_HOSTS: fixturesHost,
      SEARCH_PROVIDER: "searxng",
      SEARXNG_URL: fixtures.url,
      // Tests stay offline and deterministic even where .dev.vars configures an LLM; the demo passes its own.
      LLM_PROVIDERS: "[]",
      ...options.vars,
    };
    const args = [WRANGLER, "dev", "--local", "--ip", "127.0.0.1", "--port", String(port)];
    args.push("--persist-to", persistTo, "--show-interactive-dev-session=false");
    args.push("--log-level", options.logLevel ?? "log");
    if (options.testScheduled) args.push("--test-scheduled");
    for (const [name, value] of Object.entries(vars)) if (value != null) args.push("--var", `${name}:${value}`);
    const baseUrl = `http://127.0.0.1:${port}`;
    let worker;
    const launch = async () => {
      const inspector = ["--inspector-port", String(await freePort())];
      worker = spawnGroup(process.execPath, [...args, ...inspector], {
        cwd: ROOT,
        env: QUIET_ENV,
        onLine: options.onLog,
      });
      await waitForHealth(baseUrl, worker, options.readyTimeoutMs ?? 180_000);
    };
    cleanups.push(() => worker.stop());
    await launch();

    return {
      baseUrl,
      fixturesUrl: fixtures.url,
      adminToken,
      persistTo,
      get workerOutput() {
        return worker.tail;
      },
      crash: () => worker.kill(),
      restart: launch,
      async createTenantKey(name = "Demo tenant") {
        const tenant = await adminCall(baseUrl, adminToken, "/v1/admin/tenants", { name });
        const created = await adminCall(baseUrl, adminToken, `/v1/admin/tenants/${tenant.id}/keys`, { name });
        return created.key;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
