import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parse } from "smol-toml";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.join(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "tenant-new-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE = `name = "blog"
main = "src/index.ts"

[[d1_databases]]
binding = "DB"
database_name = "blog"
database_id = "3f1c2a9e-8b7d-4c6e-a5f4-0e9d8c7b6a51"
preview_database_id = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"

[[kv_namespaces]]
binding = "CACHE"
id = "5d41402abc4b2a76b9719d911017c592"
preview_id = "7e240de74fb1ed08fa08d38063f6a6a9"

[[durable_objects.bindings]]
name = "GUARD"
class_name = "Guard"
script_name = "blog"

[[durable_objects.bindings]]
name = "COUNTER"
class_name = "Counter"
script_name = "blog-counters"
environment = "production"

[[durable_objects.bindings]]
name = "LOCAL"
class_name = "Local"
`;

interface Tenant {
  d1_databases: Record<string, string>[];
  kv_namespaces: Record<string, string>[];
  durable_objects: { bindings: Record<string, string>[] };
}

describe("tenant:new on a wrangler.toml with preview ids and script_name bindings", async () => {
  const config = path.join(dir, "wrangler.toml");
  writeFileSync(config, BASE);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(ROOT, "scripts", "tenant-new.mjs"), "acme"],
    {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_CONFIG: config },
    },
  );
  const written = parse(readFileSync(config, "utf8")) as unknown as { env: { acme: Tenant } };
  const acme = written.env.acme;

  it("drops the top level's preview database and preview namespace from the tenant's bindings", () => {
    expect(acme.d1_databases).toEqual([
      {
        binding: "DB",
        database_name: "blog-acme",
        database_id: "00000000-0000-4000-8000-000000000000",
      },
    ]);
    expect(acme.kv_namespaces).toEqual([{ binding: "CACHE", id: "00000000000000000000000000000000" }]);
    expect(readFileSync(config, "utf8").split("[env.acme]")[1]).not.toMatch(/preview/);
  });

  it("binds the tenant's own worker's objects: script_name dropped for the top level's worker, suffixed for another", () => {
    expect(acme.durable_objects.bindings).toEqual([
      { name: "GUARD", class_name: "Guard" },
      { name: "COUNTER", class_name: "Counter", script_name: "blog-counters-acme" },
      { name: "LOCAL", class_name: "Local" },
    ]);
    expect(stdout).toContain("deploy blog-counters-acme, the tenant's own worker for COUNTER (class Counter)");
  });
});
