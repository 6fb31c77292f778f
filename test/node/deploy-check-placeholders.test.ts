import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parse } from "smol-toml";
import { afterAll, describe, expect, it } from "vitest";
import { tenantEnvBlock } from "../../scripts/tenant/env-block.mjs";
import { isExampleRoute, isPlaceholderId, placeholderProblems } from "../../scripts/tenant/placeholders.mjs";

const ROOT = path.join(import.meta.dirname, "../..");
const committed = readFileSync(path.join(ROOT, "wrangler.toml"), "utf8");
const dir = mkdtempSync(path.join(tmpdir(), "deploy-check-placeholders-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("placeholders in wrangler.toml", () => {
  it("tells the ids wrangler.toml and tenant:new ship from ids wrangler created", () => {
    for (const id of [
      "00000000-0000-4000-8000-000000000001",
      "00000000000000000000000000000002",
      "00000000-0000-4000-8000-000000000000",
      "REPLACE_WITH_YOUR_ID",
      "<database id>",
      "",
      undefined,
    ])
      expect(isPlaceholderId(id), String(id)).toBe(true);
    for (const id of ["3f1c2a9e-8b7d-4c6e-a5f4-0e9d8c7b6a51", "5d41402abc4b2a76b9719d911017c592"])
      expect(isPlaceholderId(id), id).toBe(false);
    expect(isExampleRoute("acme.api.example.com")).toBe(true);
    expect(isExampleRoute("example.org/*")).toBe(true);
    expect(isExampleRoute("blog.acme.com/*")).toBe(false);
    expect(isExampleRoute("notexample.com")).toBe(false);
  });

  it("names each placeholder of an environment with its binding and the environment", () => {
    const top = parse(committed);
    const acme = (parse(tenantEnvBlock(top, "acme")) as { env: Record<string, Record<string, unknown>> }).env.acme;
    expect(placeholderProblems(acme ?? {}, "acme")).toEqual([
      'env acme: D1 binding DB has the placeholder database_id "00000000-0000-4000-8000-000000000000" (npx wrangler d1 create optiblog-acme prints the id to put there)',
      'env acme: KV binding CACHE has the placeholder id "00000000000000000000000000000000" (npx wrangler kv namespace create CACHE --env acme prints the id to put there)',
      "env acme: route \"acme.api.example.com\" is the example's (put the deployment's hostname there)",
    ]);
    expect(placeholderProblems(top, "")).toHaveLength(2);
    expect(
      placeholderProblems(
        {
          d1_databases: [{ binding: "DB", database_name: "blog", database_id: "3f1c2a9e-8b7d-4c6e-a5f4-0e9d8c7b6a51" }],
          kv_namespaces: [{ binding: "CACHE", id: "5d41402abc4b2a76b9719d911017c592" }],
          routes: [{ pattern: "blog.acme.com", custom_domain: true }],
        },
        "acme",
      ),
    ).toEqual([]);
  });

  it("fails the deploy check of a tenant environment that still has them, before building, one line each", async () => {
    const config = path.join(dir, "wrangler.toml");
    writeFileSync(config, `${committed}${tenantEnvBlock(parse(committed), "acme")}`);
    const failed = await promisify(execFile)(
      process.execPath,
      [path.join(ROOT, "scripts", "deploy-check.mjs"), "--skip-start"],
      { cwd: ROOT, env: { ...process.env, WRANGLER_CONFIG: config } },
    ).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    const { stdout, stderr } = failed as { stdout: string; stderr: string };
    expect(stderr.trim().split("\n")).toEqual([
      "deploy:check failed: placeholders a deploy cannot use",
      expect.stringMatching(
        /^ {2}- env acme: D1 binding DB has the placeholder database_id "0{8}-0000-4000-8000-0{12}"/,
      ),
      expect.stringMatching(/^ {2}- env acme: KV binding CACHE has the placeholder id "0{32}"/),
      `  - env acme: route "acme.api.example.com" is the example's (put the deployment's hostname there)`,
    ]);
    // The top level is the local development configuration: its placeholders are named, and do not fail it.
    expect(stdout).toMatch(/^top level: D1 binding DB has the placeholder database_id .*: fine for wrangler dev;/m);
    expect(stdout).not.toMatch(/bundle|migrations/);
  });
});
