/**
 * The world's deterministic model: it reads the pipeline's own prompts and answers with JSON built from the
 * prompt's sentences and citation markers, so every answer fits the requested shape and cites only what the
 * prompt offered. The same prompt always gets the same answer.
 */

/** What a prompt asks for, by its opening words (a repair prompt starts with the prompt it repairs). */
export function purposeOf(prompt) {
  if (prompt.startsWith("Plan an article")) return "outline";
  if (prompt.startsWith("Revise this article")) return "revision";
  if (prompt.includes("Write the body of the section")) return "section";
  if (prompt.includes("Write the intro")) return "framing";
  return "unknown";
}

const number = (prompt, pattern, fallback) => {
  const match = prompt.match(pattern);
  return match ? Number(match[1]) : fallback;
};

const capitalise = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/** Lines `[n] text` after `header` up to the next line that is not one. */
function markedLines(prompt, header) {
  const lines = prompt.split("\n");
  const start = lines.findIndex((line) => line.startsWith(header));
  if (start < 0) return [];
  const found = [];
  for (const line of lines.slice(start + 1)) {
    const match = line.match(/^\[(\d+)\] (.+)$/);
    if (!match) break;
    found.push({ id: Number(match[1]), text: match[2] });
  }
  return found;
}

/** The evidence's sentences, each ending with its source's marker. */
function citedSentences(prompt) {
  return markedLines(prompt, "Evidence").flatMap(({ id, text }) =>
    text
      .replace(/…$/, "")
      .split(/(?<=[.!?])\s+/)
      .map((sentence) => sentence.trim().replace(/[.!?]+$/, ""))
      .filter((sentence) => sentence.split(/\s+/).length >= 5)
      .map((sentence) => `${sentence} [${id}].`),
  );
}

/** Sentences from `pool`, starting at `offset`, until about `words` words; paragraphs of three sentences. */
function prose(pool, words, offset = 0) {
  if (pool.length === 0) return "";
  const chosen = [];
  let count = 0;
  for (let i = 0; count < words && i < pool.length * 3; i += 1) {
    const sentence = pool[(offset + i) % pool.length];
    chosen.push(sentence);
    count += sentence.split(/\s+/).length;
  }
  const paragraphs = [];
  for (let i = 0; i < chosen.length; i += 3) paragraphs.push(chosen.slice(i, i + 3).join(" "));
  return paragraphs.join("\n\n");
}

function keyphraseOf(prompt) {
  return prompt.match(/Focus keyphrase: "([^"]+)"/)?.[1] ?? "the topic";
}

function outline(prompt) {
  const keyphrase = keyphraseOf(prompt);
  const sectionCount = number(prompt, /Plan (\d+) sections/, 4);
  const faqCount = number(prompt, /List (\d+) FAQ questions/, 0);
  const headings = [
    ...new Set(
      markedLines(prompt, "Sources:").flatMap(({ text }) =>
        (text.split(" — ")[1] ?? "")
          .split("; ")
          .map((h) => h.trim())
          .filter((h) => h.length > 3 && h.length < 80),
      ),
    ),
  ];
  const sections = Array.from({ length: sectionCount }, (_, i) => ({
    heading: headings[i] ?? `${capitalise(keyphrase)}: part ${i + 1}`,
    level: 2,
    keyPoints: [`what the sources say about ${headings[i] ?? keyphrase}`, `${keyphrase} in practice`],
  }));
  const meta = `${capitalise(keyphrase)}: what the sources agree on, how to start, the mistakes to avoid and the questions readers ask most.`;
  const questions = [
    `What is ${keyphrase}?`,
    `How do I start with ${keyphrase}?`,
    `What does ${keyphrase} cost?`,
    `What mistakes are common with ${keyphrase}?`,
    `How long does ${keyphrase} take?`,
    `Is ${keyphrase} worth it?`,
    `What do I need for ${keyphrase}?`,
    `Where can I learn more about ${keyphrase}?`,
  ];
  return {
    title: `${capitalise(keyphrase)}: A Practical Guide`.slice(0, 60),
    metaDescription: meta.length > 155 ? `${meta.slice(0, 152)}...` : meta.padEnd(120, "."),
    sections,
    faqQuestions: questions.slice(0, faqCount),
  };
}

function section(prompt) {
  const words = number(prompt, /in about (\d+) words/, 200);
  const pool = citedSentences(prompt);
  return { body: prose(pool, words) || "The sources say little on this [1]." };
}

function framing(prompt) {
  const keyphrase = keyphraseOf(prompt);
  const pool = citedSentences(prompt);
  const introWords = number(prompt, /Write the intro \(about (\d+) words/, 100);
  const answerWords = number(prompt, /in about (\d+) words, with citations/, 50);
  const questions = (prompt.match(/with citations: (.+)$/m)?.[1] ?? "")
    .split(" | ")
    .map((q) => q.trim())
    .filter(Boolean);
  const first = pool[0]?.match(/\[(\d+)\]\.$/)?.[1] ?? "1";
  const answer = {
    intro: `${capitalise(keyphrase)} is easier with the evidence in front of you [${first}]. ${prose(pool, introWords)}`,
    faq: questions.map((question, i) => ({ question, answer: prose(pool, answerWords, 2 * i + 1) })),
  };
  if (!prompt.includes("Write no conclusion")) {
    const conclusionWords = number(prompt, /Write a conclusion \(about (\d+) words/, 80);
    answer.conclusion = {
      body: prose(pool, conclusionWords, Math.floor(pool.length / 2)),
      callToAction: `Start with one small step towards ${keyphrase} this week.`,
    };
  }
  return answer;
}

function revision(prompt) {
  const lines = prompt.split("\n");
  const at = lines.indexOf("Previous article (JSON):");
  try {
    return JSON.parse(lines[at + 1] ?? "{}");
  } catch {
    return {};
  }
}

const ANSWERS = { outline, section, framing, revision, unknown: () => ({}) };

/** The answer to one prompt as a value (the caller serialises it for the mode it serves). */
export function answerFor(prompt) {
  return ANSWERS[purposeOf(prompt)](prompt);
}
