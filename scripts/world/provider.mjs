import { seeded } from "../lib/seeded.mjs";
import { answerFor } from "./model.mjs";

/**
 * One simulated OpenAI-compatible provider: `POST /v1/chat/completions` on web-standard Request/Response, so
 * the world's server and in-process tests serve it alike. It enforces its requests- and tokens-per-minute limits
 * (429 with `retry-after` and `x-ratelimit-*`), answers after a time to first token plus tokens per second,
 * fails at its configured 5xx and malformed-output rates, and serves the structured-output modes it is told to.
 */

export const MODES = ["json_schema", "json_object", "tool"];

export const PROVIDER_DEFAULTS = {
  rpm: 60,
  tpm: 1_000_000,
  /** Seconds of the per-minute limits that may be spent at once (a fresh bucket holds this much). */
  burstSeconds: 6,
  ttftMs: 150,
  tokensPerSecond: 400,
  errorRate: 0,
  malformedRate: 0,
  /**
   * Share of malformed answers in a response_format mode that the provider's own JSON check refuses, as Groq does:
   * a 400 `json_validate_failed` carrying the text in `failed_generation`, instead of the text itself.
   */
  jsonCheckRate: 0,
  /** Share of answers that cite one source the prompt never offered (a marker to be repaired). */
  badCitationRate: 0,
  /**
   * Share of answers that ignore `max_tokens`: a model caught repeating itself on a server that does not enforce
   * the limit, its answer running on to forty times what the limit allows, and at least a megabyte.
   */
  runawayRate: 0,
  modes: MODES,
  seed: 1,
};

const estimateTokens = (text) => Math.ceil(text.length / 4);

function bucket(perMinute, burstSeconds) {
  const capacity = Math.max(1, (perMinute * burstSeconds) / 60);
  return { capacity, tokens: capacity, updatedAt: 0, rate: perMinute / 60_000 };
}

function refill(b, now) {
  if (b.updatedAt === 0) b.updatedAt = now;
  b.tokens = Math.min(b.capacity, b.tokens + (now - b.updatedAt) * b.rate);
  b.updatedAt = now;
}

const seconds = (ms) => `${Math.max(0, ms / 1000).toFixed(3)}s`;

function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

function requestError(status, message, param) {
  return json(status, { error: { message, type: "invalid_request_error", param, code: null } });
}

function promptOf(messages) {
  const user = [...messages].reverse().find((m) => m.role === "user");
  const content = user?.content;
  if (typeof content === "string") return content;
  return Array.isArray(content) ? content.map((part) => part.text ?? "").join("") : "";
}

/** Bytes a runaway answer is sent in: as a server sends what the model goes on generating. */
const PIECE_BYTES = 16 * 1024;

/** The response with its body sent a piece at a time, as each is asked for, and no more once the reader stops. */
function inPieces(response) {
  let bytes;
  let offset = 0;
  const body = new ReadableStream({
    async pull(controller) {
      bytes ??= new Uint8Array(await response.arrayBuffer());
      if (offset >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + PIECE_BYTES));
      offset += PIECE_BYTES;
    },
  });
  return new Response(body, { status: response.status, headers: response.headers });
}

export function createProvider(
  name,
  settings = {},
  clock = { now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
) {
  let config = { ...PROVIDER_DEFAULTS, ...settings };
  let random = seeded(config.seed);
  let requests = bucket(config.rpm, config.burstSeconds);
  let tokens = bucket(config.tpm, config.burstSeconds);
  const stats = {
    requests: 0,
    completed: 0,
    rateLimited: 0,
    errors: 0,
    malformed: 0,
    jsonCheckRefused: 0,
    runaway: 0,
    rejectedMode: 0,
    promptTokens: 0,
    completionTokens: 0,
    byMode: Object.fromEntries([...MODES, "none"].map((m) => [m, 0])),
    /** When each request past the rate limit arrived (epoch ms): where a run left capacity unused. */
    admittedAt: [],
  };

  function limitHeaders(now) {
    return {
      "x-ratelimit-limit-requests": String(config.rpm),
      "x-ratelimit-remaining-requests": String(Math.floor(requests.tokens)),
      "x-ratelimit-reset-requests": seconds((requests.capacity - requests.tokens) / requests.rate),
      "x-ratelimit-limit-tokens": String(config.tpm),
      "x-ratelimit-remaining-tokens": String(Math.floor(tokens.tokens)),
      "x-ratelimit-reset-tokens": seconds((tokens.capacity - tokens.tokens) / tokens.rate),
      date: new Date(now).toUTCString(),
    };
  }

  /** Admits a call costing one request and `cost` tokens, or says how long until it could be. */
  function admit(cost, now) {
    refill(requests, now);
    refill(tokens, now);
    const needTokens = Math.min(cost, tokens.capacity);
    if (requests.tokens >= 1 && tokens.tokens >= needTokens) {
      requests.tokens -= 1;
      tokens.tokens -= needTokens;
      return 0;
    }
    const waitRequests = requests.tokens >= 1 ? 0 : (1 - requests.tokens) / requests.rate;
    const waitTokens = tokens.tokens >= needTokens ? 0 : (needTokens - tokens.tokens) / tokens.rate;
    return Math.max(waitRequests, waitTokens);
  }

  function modeOf(body) {
    if (Array.isArray(body.tools) && body.tools.length > 0) return "tool";
    const type = body.response_format?.type;
    return type === "json_schema" || type === "json_object" ? type : "none";
  }

  async function chat(request) {
    let body;
    try {
      body = await request.json();
    } catch {
      return requestError(400, "the body is not JSON", null);
    }
    if (!Array.isArray(body?.messages)) return requestError(400, "messages is required", "messages");
    stats.requests += 1;
    const mode = modeOf(body);
    if (mode !== "none" && !config.modes.includes(mode)) {
      stats.rejectedMode += 1;
      return mode === "tool"
        ? requestError(400, "tools are not supported by this model", "tools")
        : requestError(400, `response_format type "${mode}" is not supported by this model`, "response_format");
    }
    const now = clock.now();
    const prompt = promptOf(body.messages);
    const promptTokens = estimateTokens(body.messages.map((m) => JSON.stringify(m.content)).join(""));
    const wait = admit(promptTokens + (body.max_tokens ?? 1000), now);
    if (wait > 0) {
      stats.rateLimited += 1;
      return json(
        429,
        { error: { message: `Rate limit reached for ${name}`, type: "rate_limit_exceeded" } },
        { ...limitHeaders(now), "retry-after": String(Math.max(1, Math.ceil(wait / 1000))) },
      );
    }
    stats.byMode[mode] += 1;
    stats.admittedAt.push(now);
    const roll = random();
    if (roll < config.errorRate) {
      stats.errors += 1;
      await clock.sleep(config.ttftMs);
      return json(500, { error: { message: "internal server error", type: "server_error" } }, limitHeaders(now));
    }
    const value = answerFor(prompt);
    if (random() < config.badCitationRate && typeof value.body === "string") value.body += " See also [97].";
    let text = JSON.stringify(value);
    if (random() < config.malformedRate) {
      stats.malformed += 1;
      text = text.slice(0, Math.floor(text.length / 2));
      if (mode !== "tool" && random() < config.jsonCheckRate) {
        stats.jsonCheckRefused += 1;
        await clock.sleep(config.ttftMs);
        const error = {
          message: "Failed to generate JSON. Please adjust your prompt. See 'failed_generation' for more details.",
          type: "invalid_request_error",
          code: "json_validate_failed",
          failed_generation: text,
        };
        return json(400, { error }, limitHeaders(now));
      }
    }
    // Drawn only when the fault is on, so that turning it on leaves the other faults' sequence as it was.
    const runaway = config.runawayRate > 0 && random() < config.runawayRate;
    if (runaway) {
      stats.runaway += 1;
      const limit = body.max_tokens ?? body.max_completion_tokens ?? 1000;
      const loop = " and so it goes on";
      text += loop.repeat(Math.ceil(Math.max(limit * 4 * 40, 1_000_000) / loop.length));
    }
    // A runaway answer takes no longer than its limit would: its length is the fault, not its time.
    const completionTokens = estimateTokens(text);
    const timedTokens = runaway ? (body.max_tokens ?? 1000) : completionTokens;
    stats.promptTokens += promptTokens;
    stats.completionTokens += completionTokens;
    await clock.sleep(config.ttftMs + (timedTokens / config.tokensPerSecond) * 1000);
    stats.completed += 1;
    const message =
      mode === "tool"
        ? {
            role: "assistant",
            content: null,
            tool_calls: [
              {
                id: `call_${stats.requests}`,
                type: "function",
                function: { name: body.tools[0]?.function?.name ?? "answer", arguments: text },
              },
            ],
          }
        : { role: "assistant", content: text };
    const answer = json(
      200,
      {
        id: `chatcmpl-${name}-${stats.requests}`,
        object: "chat.completion",
        created: Math.floor(now / 1000),
        model: body.model ?? name,
        choices: [{ index: 0, message, finish_reason: mode === "tool" ? "tool_calls" : "stop" }],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
      },
      limitHeaders(now),
    );
    return runaway ? inPieces(answer) : answer;
  }

  return {
    name,
    get config() {
      return config;
    },
    stats,
    /** Changes settings live; new limits start with a full bucket, a new seed restarts the fault sequence. */
    configure(patch) {
      const before = config;
      config = { ...config, ...patch };
      if (patch.seed !== undefined) random = seeded(config.seed);
      if (config.rpm !== before.rpm || config.burstSeconds !== before.burstSeconds)
        requests = bucket(config.rpm, config.burstSeconds);
      if (config.tpm !== before.tpm || config.burstSeconds !== before.burstSeconds)
        tokens = bucket(config.tpm, config.burstSeconds);
    },
    async fetch(request) {
      const { pathname } = new URL(request.url);
      if (request.method === "POST" && pathname.endsWith("/chat/completions")) return chat(request);
      if (request.method === "GET" && pathname.endsWith("/models")) {
        return json(200, { object: "list", data: [{ id: config.model ?? name, object: "model" }] });
      }
      return requestError(404, `no route ${request.method} ${pathname}`, null);
    },
  };
}
