import { APICallError } from "ai";
import { describe, expect, it } from "vitest";
import { PermanentError, TransientError } from "../../src/core/errors";
import { usageOf } from "../../src/core/ports/writer";
import { OUTLINE, scripted, section, write } from "../writing-mock-model";

describe("LLM writer: invalid answers are repaired once, then fail typed", () => {
  it("repairs a malformed answer once, listing what was wrong", async () => {
    const { writer, seen } = scripted({ outline: ["{ this is not json", JSON.stringify(OUTLINE)] });
    const { usage } = await write(writer);
    const outlines = seen.filter((s) => s.purpose === "outline");
    expect(outlines).toHaveLength(2);
    expect(outlines[1]?.prompt).toContain("Your previous answer was rejected");
    expect(outlines[1]?.prompt).toContain("{ this is not json");
    expect(usage.map((u) => u.purpose)).toContain("outline:repair");
  });

  it("fails typed only when the repair and the last try both stay malformed", async () => {
    const { writer, seen } = scripted({ outline: ["not json", '{"title": 42}', "{ still not"] });
    const error = await write(writer).catch((e) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.code).toBe("invalid_model_output");
    expect(seen.filter((s) => s.purpose === "outline")).toHaveLength(3);
    expect(usageOf(error).map((u) => u.purpose)).toEqual(["outline", "outline:repair", "outline:fallback"]);
  });

  it("repairs a truncated answer, telling the model it was cut off", async () => {
    const truncated = { text: JSON.stringify(OUTLINE).slice(0, 80), finishReason: "length" as const };
    const { writer, seen } = scripted({ outline: [truncated] });
    await write(writer);
    expect(seen.filter((s) => s.purpose === "outline")[1]?.prompt).toMatch(/cut off/);
  });

  it("drops a citation of an unretrieved source without asking again, and notes the repair", async () => {
    // [3] is the source whose fetch failed; the section also cites [2], so it stays cited.
    const { writer, seen } = scripted({}, { section: section("[2][3]") });
    const { article, repairs } = await write(writer);
    expect(seen.filter((s) => s.prompt.includes("Your previous answer was rejected"))).toHaveLength(0);
    expect(article.citations.some((c) => c.sourceId === 3)).toBe(false);
    expect(article.sections.every((s) => s.body.includes("[2]") && !s.body.includes("[3]"))).toBe(true);
    expect(repairs).toContain("section:0: removed citations of sources that were not retrieved ([3])");
  });

  it("reads grouped markers as one reading of citations: [2, 3] keeps 2 and drops 3, [1, 2] alone is cited", async () => {
    const grouped = scripted({}, { section: section("[2, 3]") });
    const { article, repairs } = await write(grouped.writer);
    expect(grouped.seen.filter((s) => s.prompt.includes("Your previous answer was rejected"))).toHaveLength(0);
    expect(article.sections.every((s) => s.body.includes("[2]") && !/\b3\]/.test(s.body))).toBe(true);
    expect(repairs).toContain("section:0: removed citations of sources that were not retrieved ([3])");
    // A section cited only by a group is cited; a link's [1](url) is not a citation, and is repaired as uncited.
    const pair = scripted({}, { section: section("[1, 2]") });
    await write(pair.writer);
    expect(pair.seen.filter((s) => s.prompt.includes("Your previous answer was rejected"))).toHaveLength(0);
    const link = scripted({ section: [section("[1](https://example.com/a)")] });
    await write(link.writer);
    const repair = link.seen.find((s) => s.prompt.includes("Your previous answer was rejected"));
    expect(repair?.prompt).toMatch(/has no \[n\] citation/);
  });

  it("fails typed when a section keeps citing only an unretrieved source", async () => {
    const { writer, seen } = scripted({}, { section: section("[3]") });
    const error = await write(writer).catch((e) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.code).toBe("invalid_model_output");
    const repair = seen.find((s) => s.prompt.includes("Your previous answer was rejected"));
    expect(repair?.prompt).toMatch(/has no \[n\] citation/);
  });

  it("repairs a wrongly cited section once and keeps only retrieved sources", async () => {
    const { writer } = scripted({ section: [section("[9]")] });
    const { article } = await write(writer);
    expect(article.citations.some((c) => c.sourceId === 9)).toBe(false);
    expect(article.sources.every((s) => [1, 2, 4].includes(s.id))).toBe(true);
  });

  it("repairs a frame that misses the required FAQ and conclusion", async () => {
    const bare = JSON.stringify({ intro: "Compost [1].", faq: [] });
    const { writer, seen } = scripted({ framing: [bare] });
    const { article } = await write(writer);
    const repair = seen.filter((s) => s.purpose === "framing")[1]?.prompt ?? "";
    expect(repair).toMatch(/faq is empty/);
    expect(repair).toMatch(/conclusion is missing/);
    expect(article.faq.length).toBe(1);
  });

  it("maps a provider rate limit beyond the scheduling window to a wait for capacity naming the Retry-After", async () => {
    const limited = new APICallError({
      message: "rate limited",
      url: "https://api.example/chat/completions",
      requestBodyValues: {},
      statusCode: 429,
      responseHeaders: { "retry-after": "70" },
      isRetryable: true,
    });
    const { writer } = scripted({ outline: [limited] });
    const error = await write(writer).catch((e) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect(error.code).toBe("provider_capacity");
    expect(error.retryAfterSeconds).toBe(70);
  });

  it("maps a bad key to a PermanentError", async () => {
    const denied = new APICallError({
      message: "no",
      url: "u",
      requestBodyValues: {},
      statusCode: 401,
      isRetryable: false,
    });
    const { writer } = scripted({ outline: [denied] });
    await expect(write(writer)).rejects.toMatchObject({ name: "PermanentError", code: "provider_auth" });
  });
});
