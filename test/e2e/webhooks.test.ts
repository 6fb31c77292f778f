import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/ports.mjs";
import { type Stack, startStack } from "./harness";

/** A real receiver on 127.0.0.1 gets a signed `article.completed` from `wrangler dev` for a job on local pages. */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const received: Received[] = [];
let receiver: Server;
let receiverUrl: string;
let stack: Stack;
let key: string;

function startReceiver(port: number): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ path: request.url ?? "", headers: request.headers, body: Buffer.concat(chunks).toString() });
      response.writeHead(204).end();
    });
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

async function api(path: string, init: { method?: string; json?: unknown } = {}) {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  const [fixturesPort, receiverPort] = [await freePort(), await freePort()];
  receiver = await startReceiver(receiverPort);
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/optiblog`;
  stack = await startStack({
    fixturesPort,
    vars: { ALLOW_HOSTS: `127.0.0.1:${fixturesPort},127.0.0.1:${receiverPort}` },
  });
  key = await stack.createTenantKey("Webhooks end-to-end");
});

afterAll(async () => {
  await stack?.stop();
  await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
});

describe("webhooks under wrangler dev", () => {
  it("delivers a correctly signed article.completed to a registered receiver on 127.0.0.1", async () => {
    const endpoint = await api("/v1/webhooks", { method: "POST", json: { url: receiverUrl } });
    expect(endpoint.status).toBe(201);
    const secret = endpoint.body.secret as string;

    const pages = ["raised-bed-soil-mix", "raised-bed-garden-mistakes", "raised-bed-vegetable-garden-beginners-guide"];
    const job = await api("/v1/articles", {
      method: "POST",
      json: {
        keyword: "raised bed vegetable garden",
        urls: pages.map((slug) => `${stack.fixturesUrl.replace(/\/$/, "")}/garden/${slug}`),
      },
    });
    expect(job.status).toBe(202);
    const jobId = job.body.id as string;

    const delivery = await until("the webhook", async () => received.find((r) => r.body.includes(jobId)));
    expect(delivery.path).toBe("/optiblog");
    const headers = Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k, String(v)]));
    const event = new Webhook(secret).verify(delivery.body, headers) as { type: string; data: Record<string, unknown> };
    expect(event.type).toBe("article.completed");
    expect(event.data).toMatchObject({ id: jobId, status: "completed", keyword: "raised bed vegetable garden" });
    expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(() => new Webhook(secret).verify(`${delivery.body} `, headers)).toThrow();

    const log = await until("the delivery log", async () => {
      const { body } = await api(`/v1/webhooks/deliveries?jobId=${jobId}`);
      const rows = body.data as { status: string; lastStatusCode: number }[];
      return rows[0]?.status === "delivered" ? rows : undefined;
    });
    expect(log).toMatchObject([{ status: "delivered", lastStatusCode: 204, attempts: 1 }]);
  });
});
