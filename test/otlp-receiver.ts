import { createServer } from "node:http";
import type { TestProject } from "vitest/node";
import { closeServer } from "./servers";

declare module "vitest" {
  interface ProvidedContext {
    /** The local OTLP/HTTP receiver's base URL (http://127.0.0.1:port). */
    otlpReceiver: string;
  }
}

/**
 * A local OTLP/HTTP (JSON) trace receiver for the tracing test: POST /v1/traces stores what arrives, GET /spans
 * answers every span received so far, flattened with its service name.
 */
export default async function startOtlpReceiver(project: TestProject): Promise<() => Promise<void>> {
  const spans: Record<string, unknown>[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.method === "POST" && request.url === "/v1/traces") {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
          resourceSpans?: {
            resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
            scopeSpans?: { spans?: Record<string, unknown>[] }[];
          }[];
        };
        for (const resource of body.resourceSpans ?? []) {
          const service = resource.resource?.attributes?.find((a) => a.key === "service.name")?.value.stringValue;
          for (const scope of resource.scopeSpans ?? [])
            for (const span of scope.spans ?? []) spans.push({ ...span, service, headers: request.headers });
        }
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
        return;
      }
      if (request.method === "GET" && request.url === "/spans") {
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(spans));
        return;
      }
      response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the receiver has no port");
  project.provide("otlpReceiver", `http://127.0.0.1:${address.port}`);
  return () => closeServer(server, "the OTLP receiver");
}
