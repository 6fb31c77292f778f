import fc from "fast-check";

/**
 * Requests for every operation of `/openapi.json`: path ids, query strings, headers, content types and bodies
 * (shaped by the operation's schema, mutated, arbitrary JSON, not JSON, and past the size cap), and the check
 * each answer must pass: no 5xx, and every error a problem+json whose status the operation documents.
 */

type Schema = Record<string, unknown>;
export interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}
interface Operation {
  parameters?: { name: string; in: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema; example?: unknown }> };
  responses?: Record<string, unknown>;
  security?: Record<string, unknown>[];
}

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Target {
  baseUrl: string;
  key: string;
  adminToken: string;
  /** Ids that exist, so some requests reach past the 404: a job, a batch, a hook, a webhook endpoint. */
  known: Record<string, string[]>;
  maxBodyBytes: number;
}

/** Statuses any operation may answer without listing them: a method the path does not take. */
const ALWAYS_DOCUMENTED = new Set([405]);

const METHODS = ["get", "post", "put", "patch", "delete"];

export function operations(spec: Spec): { method: string; path: string; operation: Operation }[] {
  const out = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) if (item[method]) out.push({ method, path, operation: item[method] as Operation });
  }
  return out;
}

const weirdString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "null",
    "0",
    "-1",
    "1e309",
    "../..",
    "%00",
    "<script>",
    "'; DROP TABLE jobs; --",
    "a".repeat(5000),
  ),
);

function resolve(schema: Schema | undefined, spec: Spec): Schema {
  let current = schema ?? {};
  for (let i = 0; i < 10 && typeof current.$ref === "string"; i++) {
    current = spec.components?.schemas?.[(current.$ref as string).split("/").pop() as string] ?? {};
  }
  return current;
}

/** Values shaped like the schema, mostly valid, with the bounds and types stretched now and then. */
function fromSchema(schema: Schema | undefined, spec: Spec, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, spec);
  const off = fc.oneof(weirdString, fc.integer(), fc.constant(null), fc.boolean(), fc.jsonValue({ maxDepth: 2 }));
  const shaped = (arbitrary: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 5, arbitrary }, { weight: 1, arbitrary: off });
  if (depth > 5) return off;
  const choices = (s.oneOf ?? s.anyOf ?? s.allOf) as Schema[] | undefined;
  if (choices?.length) return fc.oneof(...choices.map((c) => fromSchema(c, spec, depth + 1)));
  if (Array.isArray(s.enum)) return shaped(fc.constantFrom(...(s.enum as unknown[])));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === "string") {
    const min = (s.minLength as number | undefined) ?? 0;
    const max = Math.min((s.maxLength as number | undefined) ?? 60, 300);
    const examples = s.example !== undefined ? [fc.constant(s.example)] : [];
    const url = s.format === "uri" ? [fc.webUrl()] : [];
    return shaped(fc.oneof(fc.string({ minLength: Math.min(min, max), maxLength: max }), ...examples, ...url));
  }
  if (type === "integer" || type === "number") {
    const min = (s.minimum as number | undefined) ?? -1000;
    const max = (s.maximum as number | undefined) ?? 100_000;
    return shaped(
      fc.oneof(
        fc.integer({ min: Math.ceil(min), max: Math.floor(Math.max(min, max)) }),
        fc.constantFrom(min - 1, max + 1, 0.5, -0, Number.MAX_SAFE_INTEGER),
      ),
    );
  }
  if (type === "boolean") return shaped(fc.boolean());
  if (type === "array") {
    const maxItems = Math.min((s.maxItems as number | undefined) ?? 5, 8);
    return shaped(fc.array(fromSchema(s.items as Schema, spec, depth + 1), { maxLength: maxItems }));
  }
  if (type === "object" || s.properties) {
    const properties = (s.properties ?? {}) as Record<string, Schema>;
    const required = new Set((s.required as string[] | undefined) ?? []);
    const entries = Object.entries(properties);
    if (!entries.length) return shaped(fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 })));
    const record = fc.record(Object.fromEntries(entries.map(([name, p]) => [name, fromSchema(p, spec, depth + 1)])), {
      requiredKeys: entries.map(([name]) => name).filter((name) => required.has(name)),
    });
    const extra = fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 });
    return shaped(
      fc.oneof(
        { weight: 4, arbitrary: record },
        { weight: 1, arbitrary: fc.tuple(record, extra).map(([a, b]) => ({ ...b, ...a })) },
      ),
    );
  }
  return fc.jsonValue({ maxDepth: 2 });
}

function bodyArbitrary(operation: Operation, spec: Spec, maxBodyBytes: number): fc.Arbitrary<string | undefined> {
  const media = operation.requestBody?.content?.["application/json"];
  const alternatives: fc.Arbitrary<string | undefined>[] = [
    fc.constant(undefined),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
    fc.constantFrom("{", "[1,", '{"a":1}}', "\u0000", "{}", "[]", "null", '"x"', "1e999", '{"__proto__":{"x":1}}'),
    fc.integer({ min: 1, max: 64 }).map((n) => `${"[".repeat(n * 100)}${"]".repeat(n * 100)}`),
    fc.constantFrom(maxBodyBytes - 64, maxBodyBytes + 1, maxBodyBytes * 2).map((n) => `{"keyword":"${"a".repeat(n)}"}`),
  ];
  if (media?.schema) {
    const shaped = fromSchema(media.schema, spec).map((v) => JSON.stringify(v));
    return fc.oneof({ weight: 8, arbitrary: shaped }, ...alternatives.map((arbitrary) => ({ weight: 1, arbitrary })));
  }
  return fc.oneof(...alternatives);
}

/** A generated value as text for a path or query string (objects without a prototype have no `toString`). */
const text = (value: unknown): string => (typeof value === "string" ? value : (JSON.stringify(value) ?? "undefined"));

function paramArbitrary(schema: Schema | undefined, spec: Spec, known: Record<string, string[]>) {
  const ids = Object.values(known).flat();
  const values = [fromSchema(schema, spec).map(text), weirdString];
  if (ids.length) values.unshift(fc.constantFrom(...ids), fc.constantFrom(...ids));
  return fc.oneof(...values);
}

export function requestArbitrary(spec: Spec, target: Target): fc.Arbitrary<FuzzRequest> {
  const ops = operations(spec);
  return fc.oneof(
    ...ops.map(({ method, path, operation }) => {
      const pathParams = (operation.parameters ?? []).filter((p) => p.in === "path");
      const queryParams = (operation.parameters ?? []).filter((p) => p.in === "query");
      const admin = path.startsWith("/v1/admin");
      return fc
        .record({
          params: fc.tuple(...pathParams.map((p) => paramArbitrary(p.schema, spec, target.known))),
          encode: fc.boolean(),
          query: fc.tuple(
            ...queryParams.map((p) => fc.option(fromSchema(p.schema, spec).map(text), { nil: undefined })),
          ),
          extraQuery: fc.option(fc.tuple(fc.string({ maxLength: 10 }), weirdString), { nil: undefined }),
          auth: fc.constantFrom(...Array(9).fill("right"), "none", "garbage", "other"),
          contentType: fc.constantFrom(
            "application/json",
            "application/json",
            "application/json; charset=utf-8",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/merge-patch+json",
            "none",
          ),
          accept: fc.constantFrom("application/json", "*/*", "text/event-stream", "text/html", "none"),
          idempotencyKey: fc.option(weirdString, { nil: undefined }),
          traceparent: fc.option(
            fc.oneof(weirdString, fc.constant("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")),
            { nil: undefined },
          ),
          lastEventId: fc.option(weirdString, { nil: undefined }),
          body: bodyArbitrary(operation, spec, target.maxBodyBytes),
        })
        .map((r): FuzzRequest => {
          let filled = path;
          pathParams.forEach((p, i) => {
            const value = String(r.params[i]);
            filled = filled.replace(
              `{${p.name}}`,
              r.encode ? encodeURIComponent(value) : value.replace(/[/?#\s%]/g, "_"),
            );
          });
          const search = new URLSearchParams();
          queryParams.forEach((p, i) => {
            if (r.query[i] !== undefined) search.set(p.name, r.query[i] as string);
          });
          if (r.extraQuery) search.set(r.extraQuery[0], r.extraQuery[1]);
          const headers: Record<string, string> = {};
          const right = admin ? target.adminToken : target.key;
          if (r.auth === "right") headers.authorization = `Bearer ${right}`;
          if (r.auth === "garbage") headers.authorization = "Bearer \u00ff\u00fe garbage";
          if (r.auth === "other") headers.authorization = `Bearer ${admin ? target.key : target.adminToken}`;
          if (r.contentType !== "none" && r.body !== undefined) headers["content-type"] = r.contentType;
          if (r.accept !== "none") headers.accept = r.accept;
          const ascii = (v: string) => v.replace(/[^\x20-\x7e]/g, "?");
          if (r.idempotencyKey !== undefined) headers["idempotency-key"] = ascii(r.idempotencyKey);
          if (r.traceparent !== undefined) headers.traceparent = ascii(r.traceparent);
          if (r.lastEventId !== undefined) headers["last-event-id"] = ascii(r.lastEventId);
          const query = search.toString();
          return {
            method: method.toUpperCase(),
            path: `${filled}${query ? `?${query}` : ""}`,
            headers,
            ...(r.body !== undefined && method !== "get" ? { body: r.body } : {}),
          };
        });
    }),
  );
}

/** The operation a concrete path belongs to, for its documented statuses. */
function operationFor(spec: Spec, method: string, path: string): Operation | undefined {
  const bare = path.split("?")[0] as string;
  for (const { method: m, path: template, operation } of operations(spec)) {
    if (m !== method.toLowerCase()) continue;
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    if (pattern.test(bare)) return operation;
  }
  return undefined;
}

export interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/** Sends one fuzzed request; an SSE stream is read for a moment and cancelled. */
export async function send(baseUrl: string, request: FuzzRequest): Promise<Answer> {
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  const contentType = response.headers.get("content-type") ?? "";
  if (contentType.startsWith("text/event-stream")) {
    await response.body?.cancel();
    return { status: response.status, contentType, body: "" };
  }
  return { status: response.status, contentType, body: await response.text() };
}

/** What is wrong with an answer, or undefined when it is fine. */
export function judge(spec: Spec, request: FuzzRequest, answer: Answer): string | undefined {
  if (answer.status >= 500) return `answered ${answer.status}: ${answer.body.slice(0, 300)}`;
  if (answer.status < 400) return undefined;
  if (!answer.contentType.startsWith("application/problem+json")) {
    return `error ${answer.status} is ${answer.contentType || "untyped"}, not problem+json`;
  }
  let problem: { status?: number; type?: string; title?: string };
  try {
    problem = JSON.parse(answer.body);
  } catch {
    return `error ${answer.status} body is not JSON`;
  }
  if (problem.status !== answer.status) return `problem+json says status ${problem.status}, response ${answer.status}`;
  if (typeof problem.type !== "string" || typeof problem.title !== "string") return "problem+json lacks type or title";
  const operation = operationFor(spec, request.method, request.path);
  const documented = operation?.responses?.[String(answer.status)] ?? operation?.responses?.["4XX"];
  if (operation && !ALWAYS_DOCUMENTED.has(answer.status) && !documented) {
    const bare = (request.path.split("?")[0] ?? "").slice(0, 120);
    return `status ${answer.status} (${problem.type}) is not documented for ${request.method} ${bare}`;
  }
  return undefined;
}
