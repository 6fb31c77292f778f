import type { OpenAPIHono } from "@hono/zod-openapi";

type OpenAPIObject = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;

const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/**
 * A stable operationId from the method and the path, so clients generated from the document keep their
 * names while the path stays: `GET /v1/articles/{id}/events` is `getArticlesByIdEvents`.
 */
export function operationIdFor(method: string, path: string): string {
  const words = path
    .split("/")
    .filter((part) => part && part !== "v1")
    .map((part) => {
      const param = /^\{(.+)\}$/.exec(part)?.[1];
      return param ? `By-${param}` : part;
    })
    .flatMap((part) => part.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return method.toLowerCase() + words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join("");
}

const problemJson = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

/**
 * Completes the generated document: every operation gets its operationId (unless its route names one), an
 * operation that documents no 4XX answer gets the problem+json shape every error of the API has, and the answers
 * the app gives outside a route's own list are listed where they can happen: 400 where a parameter is validated,
 * 413 for any body over the cap, 415 for a JSON body sent as another media type.
 */
export function finishDocument(doc: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method) || typeof operation !== "object" || operation === null) continue;
      operation.operationId ??= operationIdFor(method, path);
      operation.responses ??= {};
      const responses = operation.responses;
      if (!Object.keys(responses).some((status) => status.startsWith("4"))) {
        responses["4XX"] = problemJson("A problem with the request (RFC 9457 problem+json)");
        continue;
      }
      const validated = "parameters" in operation && Array.isArray(operation.parameters) && operation.parameters.length;
      if (validated) responses["400"] ??= problemJson("A parameter did not match the schema");
      if (method !== "get") responses["413"] ??= problemJson("The request body is over the size cap");
      if ("requestBody" in operation && operation.requestBody) {
        responses["415"] ??= problemJson("The body is not sent as application/json");
      }
    }
  }
  return doc;
}
