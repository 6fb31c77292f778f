import { describe, expect, it } from "vitest";
import {
  applyEvent,
  describe as describeProgress,
  fractionDone,
  initialProgress,
} from "../../cli/lib/job-progress.mjs";
import { createProgressDisplay } from "../../cli/lib/progress-display.mjs";
import { readEventStream } from "../../cli/lib/sse.mjs";

async function* chunks(...parts: string[]) {
  for (const part of parts) yield new TextEncoder().encode(part);
}

async function collect(body: AsyncIterable<Uint8Array>) {
  const out = [];
  for await (const message of readEventStream(body)) out.push(message);
  return out;
}

describe("event stream reader", () => {
  it("parses id, event and JSON data across arbitrary chunk boundaries and CRLF line ends", async () => {
    const messages = await collect(
      chunks(
        'id: 1\r\nevent: ResearchStarted\r\ndata: {"type":"Resea',
        'rchStarted","version":1}\r\n\r',
        "\n: ping\n\nid: 2\n",
      ),
    );
    expect(messages).toEqual([{ id: "1", event: "ResearchStarted", data: { type: "ResearchStarted", version: 1 } }]);
  });

  it("joins multi-line data and keeps text that is not JSON", async () => {
    const messages = await collect(chunks("data: first\ndata: second\n\n", 'data:{"a":1}\n\n'));
    expect(messages).toEqual([{ data: "first\nsecond" }, { data: { a: 1 } }]);
  });
});

describe("job progress", () => {
  it("folds a job's events into stage, sources, attempt and scores", () => {
    const events = [
      { type: "ArticleRequested", data: { request: { maxAttempts: 2 } } },
      { type: "ResearchStarted", data: { run: 1 } },
      {
        type: "ResearchCompleted",
        data: { run: 1, sources: [{ status: "ok" }, { status: "ok" }, { status: "failed" }] },
      },
      { type: "DraftWritten", data: { attempt: 1, writer: { kind: "extractive" } } },
      { type: "AssessmentCompleted", data: { attempt: 1, scores: { seo: 70.4, quality: 81.6, overall: 76 } } },
    ];
    const progress = events.reduce(applyEvent, initialProgress());
    expect(describeProgress(progress)).toBe(
      "assessing · sources 2/3 usable · attempt 1/2 · extractive writer · score 76 (seo 70, quality 82)",
    );
    expect(fractionDone(progress)).toBeCloseTo(0.675);
    const done = applyEvent(progress, {
      type: "ArticleCompleted",
      data: { passed: true, scores: { seo: 80, quality: 82, overall: 81 } },
    });
    expect(done).toMatchObject({ stage: "completed", passed: true, done: true });
    expect(fractionDone(done)).toBe(1);
  });

  it("ends on a failure with its code and ignores events it does not know", () => {
    const failed = [
      { type: "WebhookDelivered", data: {} },
      { type: "ArticleFailed", data: { code: "no_sources", message: "no usable sources" } },
    ].reduce(applyEvent, initialProgress());
    expect(failed).toMatchObject({ stage: "failed", done: true, error: { code: "no_sources" } });
  });
});

describe("progress display", () => {
  const researching = applyEvent(initialProgress(), { type: "ResearchStarted", data: { run: 1 } });

  it("prints a plain line only when the progress changes when the output is not a terminal", () => {
    const written: string[] = [];
    const display = createProgressDisplay({ isTTY: false, write: (text) => written.push(text) });
    display.update(initialProgress());
    display.update(initialProgress());
    display.update(researching);
    display.end();
    expect(written).toEqual(["queued\n", "researching\n"]);
  });

  it("redraws one line in place on a terminal, whole even when the terminal reports no width", () => {
    const written: string[] = [];
    const display = createProgressDisplay({ isTTY: true, columns: 0, write: (text) => written.push(text) });
    display.update(researching);
    display.end();
    expect(written[0]?.startsWith("\r\u001b[2K")).toBe(true);
    expect(written[0]?.slice(5)).toMatch(/^\[#{4}-{20}\] {2}15% researching \(\d+s\)$/);
    expect(written.at(-1)).toBe("\n");
  });
});
