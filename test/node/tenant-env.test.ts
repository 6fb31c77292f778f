import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { declaredNames, readNames, undeclaredProblem } from "../../scripts/tenant/bindings.mjs";
import { checklist, checkTenantName, tenantEnvBlock } from "../../scripts/tenant/env-block.mjs";
import { queueRole } from "../../src/queues/role";

const ROOT = path.join(import.meta.dirname, "../..");
const top = parse(readFileSync(path.join(ROOT, "wrangler.toml"), "utf8")) as Record<string, unknown>;

interface TenantEnv {
  name: string;
  vars: Record<string, string>;
  d1_databases: { binding: string; database_name: string }[];
  queues: {
    producers: { binding: string; queue: string }[];
    consumers: { queue: string; dead_letter_queue?: string }[];
  };
  durable_objects: { bindings: { name: string; class_name: string }[] };
}

describe("tenant environments", () => {
  const merged = parse(
    `${readFileSync(path.join(ROOT, "wrangler.toml"), "utf8")}${tenantEnvBlock(top, "acme")}`,
  ) as unknown as {
    env: Record<string, TenantEnv>;
  };
  const acme = merged.env.acme as TenantEnv;

  it("adds an env with its own worker, database and suffixed queues that the consumers route by role", () => {
    expect(acme.name).toBe("optiblog-edge-acme");
    expect(acme.d1_databases[0]).toMatchObject({ binding: "DB", database_name: "optiblog-acme" });
    expect(acme.queues.producers.map((q) => [q.binding, q.queue])).toEqual([
      ["RESEARCH_QUEUE", "optiblog-acme-research"],
      ["WRITE_QUEUE", "optiblog-acme-write"],
      ["DELIVER_QUEUE", "optiblog-acme-deliver"],
    ]);
    for (const consumer of acme.queues.consumers) {
      const role = queueRole(consumer.queue);
      expect(role, consumer.queue).toBeDefined();
      if (consumer.dead_letter_queue) expect(queueRole(consumer.dead_letter_queue)).toMatchObject({ deadLetter: true });
    }
    expect(acme.durable_objects.bindings).toEqual([{ name: "GUARD", class_name: "Guard" }]);
    expect(acme.vars.ENVIRONMENT).toBe("acme");
  });

  it("gives the tenant queues of its own when the top level's queues are named otherwise, routed by role as before", () => {
    const renamed = parse(
      readFileSync(path.join(ROOT, "wrangler.toml"), "utf8").replaceAll('"optiblog-', '"blog-'),
    ) as {
      queues: { producers: { queue: string }[]; consumers: { queue: string; dead_letter_queue?: string }[] };
    };
    expect(renamed.queues.producers[0]?.queue).toBe("blog-research");
    const env = (parse(tenantEnvBlock(renamed, "acme")) as unknown as { env: Record<string, TenantEnv> }).env.acme;
    const topNames = new Set([...renamed.queues.producers, ...renamed.queues.consumers].map((q) => q.queue));
    const names = [
      ...(env?.queues.producers ?? []).map((q) => q.queue),
      ...(env?.queues.consumers ?? []).flatMap((q) => [q.queue, q.dead_letter_queue ?? []].flat()),
    ];
    expect(names).toContain("blog-research-acme");
    expect(names).toContain("blog-research-dlq-acme");
    expect(names.filter((name) => topNames.has(name))).toEqual([]);
    expect(env?.queues.consumers.map((q) => queueRole(q.queue))).toEqual(
      renamed.queues.consumers.map((q) => queueRole(q.queue)),
    );
  });

  it("declares every binding the code reads, as the deploy check asks", () => {
    const declared = declaredNames(acme as unknown as Record<string, unknown>, []);
    expect(readNames(path.join(ROOT, "src")).filter((name) => !declared.has(name))).toEqual([]);
  });

  it("fails the deploy check with a message naming a binding the code reads and the env does not declare", () => {
    const src = mkdtempSync(path.join(tmpdir(), "bindings-"));
    try {
      mkdirSync(path.join(src, "routes"));
      writeFileSync(
        path.join(src, "routes", "search.ts"),
        "export const index = (env: Env) => [env.DB, env.SEARCH_INDEX, c.env.RESEARCH_QUEUE];\n",
      );
      const read = readNames(src);
      expect(read).toEqual(["DB", "RESEARCH_QUEUE", "SEARCH_INDEX"]);
      const declared = declaredNames(acme as unknown as Record<string, unknown>, []);
      expect(undeclaredProblem(read, declared, "env acme")).toBe(
        "the code reads SEARCH_INDEX, which env acme does not declare: add it to [env.acme] of wrangler.toml as a " +
          "binding or a var, or list it in .dev.vars.example as a secret",
      );
      expect(undeclaredProblem(["DB", "RESEARCH_QUEUE"], declared, "env acme")).toBeUndefined();
      expect(undeclaredProblem(["A_KEY", "B_KEY"], new Set(), "top level")).toMatch(
        /^the code reads A_KEY, B_KEY, which top level does not declare: add each to the top level of wrangler.toml/,
      );
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  });

  it("refuses names the queue routing would misread, and malformed ones", () => {
    expect(checkTenantName("acme-co")).toBeUndefined();
    expect(checkTenantName("write-co")).toMatch(/"write" cannot be part/);
    expect(checkTenantName("big-dlq")).toMatch(/"dlq" cannot be part/);
    expect(checkTenantName("Acme")).toMatch(/lowercase/);
    expect(checkTenantName(undefined)).toMatch(/lowercase/);
  });

  it("lists every secret in .dev.vars.example without a real value, the trace export headers among them", () => {
    const entries = readFileSync(path.join(ROOT, ".dev.vars.example"), "utf8")
      .split("\n")
      .map((line) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line))
      .filter((match) => match !== null)
      .map(([, name, value]) => [name, value]);
    expect(entries.map(([name]) => name)).toContain("OTEL_EXPORTER_OTLP_HEADERS");
    for (const [name, value] of entries) expect(value === "" || value?.startsWith("change-me"), name).toBe(true);
  });

  it("prints the resources to create and the secrets to set for the env", () => {
    const text = checklist(top, "acme", ["ADMIN_TOKEN"]);
    expect(text).toContain("npx wrangler d1 create optiblog-acme");
    expect(text).toContain("npx wrangler queues create optiblog-acme-deliver-dlq");
    expect(text).toContain("npx wrangler secret put ADMIN_TOKEN --env acme");
  });

  it("answers a deploy check of an environment wrangler.toml does not have with what it has and exit code 2", async () => {
    const script = path.join(ROOT, "scripts", "deploy-check.mjs");
    const failed = await promisify(execFile)(process.execPath, [script, "--env", "no-such-tenant", "--skip-start"], {
      cwd: ROOT,
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2 });
    const { stderr } = failed as { stderr: string };
    expect(stderr).toContain("wrangler.toml has no [env.no-such-tenant]; its environments: ");
    expect(stderr).toContain("npm run deploy:check -- [--env name]");
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
