import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deriveArticle } from "../../src/core/article/derive";
import { proseWordCount } from "../../src/core/article/word-count";
import { assessArticle } from "../../src/core/assess/index";
import { structure } from "../../src/core/quality/structure";
import { bm25Index } from "../../src/core/text/bm25";
import { citationMarkers, countWords, plainText, stripMarkers } from "../../src/core/text/markdown";
import { collapseSpace, paragraphSentences, sentenceStretches, sentences } from "../../src/core/text/sentences";
import { jaccard, shingleContainment, shingles, tokenShingles } from "../../src/core/text/similarity";
import { isNoiseWord, isStopword } from "../../src/core/text/stopwords";
import { foldWord, normalizeWord, stem, topicTerms, words, wordTopicTerms } from "../../src/core/text/tokens";
import { Vocabulary } from "../../src/core/text/vocabulary";
import { compostSources, options } from "../writing-fixtures";

describe("one text toolkit", () => {
  it("splits words, keeping inner apostrophes and hyphens", () => {
    expect(words("Don’t over-feed it, OK? 70 degrees.")).toEqual(["Don’t", "over-feed", "it", "OK", "70", "degrees"]);
  });

  it("splits sentences at terminal punctuation and line breaks, not at abbreviations or decimals", () => {
    expect(sentences("One. Two? Three!\nFour")).toEqual(["One.", "Two?", "Three!", "Four"]);
    expect(sentences("Dr. Smith measured 3.5 kg. It grew.")).toEqual(["Dr. Smith measured 3.5 kg.", "It grew."]);
    expect(sentences("Ask ((((“Dr. Who about it. Then stop.")).toEqual(["Ask ((((“Dr. Who about it.", "Then stop."]);
    expect(sentences("Use a.b.c.d. Then stop. Wonderful. Done.")).toEqual([
      "Use a.b.c.d. Then stop.",
      "Wonderful.",
      "Done.",
    ]);
  });

  it("ends a sentence after a whole run of end marks, and keeps a run with no sentence after it in one piece", () => {
    expect(sentences("Really?!?! Yes… Fine.")).toEqual(["Really?!?!", "Yes…", "Fine."]);
    const run = "?".repeat(200_000);
    expect(sentences(`Why ${run} no`)).toEqual([`Why ${run} no`]);
    expect(sentences(`Why ${run} Because.`)).toEqual([`Why ${run}`, "Because."]);
  });

  it("folds word forms for grouping and stems plurals for counting", () => {
    expect(foldWord("Storing")).toBe(foldWord("store"));
    expect(foldWord("starters")).toBe(foldWord("starter"));
    expect(foldWord("Feeding")).toBe(foldWord("feed"));
    expect(foldWord("bread")).toBe("bread");
    expect(stem("berries")).toBe("berry");
    expect(stem("glass")).toBe("glass");
  });

  it("splits a text into stretches that fold into its sentences, with the same words", () => {
    const text = "Dr. Smith\nsaid  so.  Then\t it rained!\n\n  …  \n\nA 3.5 m bed? Yes. 日本語。次の文。";
    const folded = (stretches: string[]) =>
      stretches.map((s) => s.replace(/\s+/g, " ").trim()).filter((s) => words(s).length > 0);
    expect(folded(sentenceStretches(text))).toEqual(sentences(text));
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.lorem({ maxCount: 4 }), fc.constantFrom(". ", "! ", "\n\n", "\n", " e.g. ", "。", "Dr. ", "  ")),
          { maxLength: 20 },
        ),
        (parts) => {
          const input = parts.join("");
          expect(folded(sentenceStretches(input))).toEqual(sentences(input));
          expect(sentenceStretches(input).flatMap(words)).toEqual(sentences(input).flatMap(words));
        },
      ),
    );
  });

  it("stems a word the same however often it is asked, also after its table of known stems fills and empties", () => {
    const asked = ["Berries", "boxes", "cat's", "Don’ts", "status", "glasses"];
    const first = asked.map(stem);
    expect(first).toEqual(["berry", "box", "cat", "don't", "status", "glass"]);
    expect(asked.map(stem)).toEqual(first);
    for (let i = 0; i < 25_000; i++) stem(`word${i}s`);
    expect(asked.map(stem)).toEqual(first);
    expect(stem("word24999s")).toBe("word24999");
  });

  it("finds a text's topical terms the same after its table of known words fills and empties", () => {
    const text = "Storing the soils: 10 raised-bed tips";
    const first = topicTerms(text);
    expect(first).toEqual(["stor", "soil", "raised-b", "tip"]);
    topicTerms(Array.from({ length: 25_000 }, (_, i) => `word${i}s`).join(" "));
    expect(topicTerms(text)).toEqual(first);
    expect(topicTerms("word24999s word0s")).toEqual(["word24999", "word0"]);
  });

  it("keeps function words apart from the wider noise list", () => {
    expect(isStopword("the")).toBe(true);
    expect(isStopword("cookie")).toBe(false);
    expect(isNoiseWord("cookie")).toBe(true);
    expect(isNoiseWord("Don’t")).toBe(true);
    expect(topicTerms("Click here to read the 10 best compost teas")).toEqual(["best", "compost", "tea"]);
  });

  it("reads citation markers, grouped or not, but never a link", () => {
    expect(citationMarkers("a [1] b [2, 3] c [4;5] [6](https://x.example/6)")).toEqual([1, 2, 3, 4, 5]);
    expect(stripMarkers("Soil drains [1][2].")).toBe("Soil drains.");
    expect(plainText("## Heading\n- *item* [link](https://x.example)")).toBe("Heading\nitem link");
  });

  it("counts the same words as the tokeniser, markers and syntax aside", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("soil", "mix", "[1]", "**bold**", "—", "don't", "3.5"), { maxLength: 30 }),
        (parts) => {
          const text = parts.join(" ");
          expect(countWords(text)).toBe(words(stripMarkers(plainText(text))).length);
        },
      ),
    );
  });

  it("measures similarity by sets and by shared trigrams", () => {
    expect(jaccard(["a", "b"], ["b", "c"])).toBeCloseTo(1 / 3);
    expect(jaccard([], ["a"])).toBe(0);
    const long = shingles("Raised beds warm up earlier in spring and drain well after rain.");
    const trimmed = shingles("Raised beds warm up earlier in spring.");
    expect(shingleContainment(long, trimmed)).toBe(1);
    expect(shingleContainment(long, shingles("Compost tea feeds the soil food web."))).toBe(0);
  });

  it("finds exactly the words its regular expression defines", () => {
    const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
    const WORD =
      /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}\p{M}]+(?:['’-][\p{L}\p{N}\p{M}]+)*/gu;
    const SPACELESS = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
    const segmenter = new Intl.Segmenter(undefined, { granularity: "word" });
    const segmented = (piece: string) => {
      const segments = [...segmenter.segment(piece)].filter((s) => s.isWordLike).map((s) => s.segment);
      return segments.length ? segments : [piece];
    };
    const defined = (text: string) =>
      (text.match(WORD) ?? [])
        .flatMap((token) =>
          token.length > 1 && CJK.test(token)
            ? token.split(/(\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana})/u).filter(Boolean)
            : [token],
        )
        .flatMap((piece) => (piece.length > 1 && SPACELESS.test(piece) ? segmented(piece) : [piece]));
    const unit = fc.constantFrom(
      ..."aZ9 .’'-\nกาแฟไทยເລົ້າ\u0e31漢字カナひ\u0301\u2e80\u3005é😀𝐀\ud800\udfff,".split(""),
      "\ud835\udc00",
      "\ud840\udc00",
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary" }),
          fc.array(unit, { maxLength: 30 }).map((u) => u.join("")),
        ),
        (text) => {
          expect(words(text)).toEqual(defined(text));
        },
      ),
      { numRuns: 3000 },
    );
    for (let code = 0; code <= 0xffff; code += 7) {
      const text = `a${String.fromCharCode(code)}b a-${String.fromCharCode(code)}`;
      expect(words(text)).toEqual(defined(text));
    }
  });

  it("cuts Thai and the other spaceless scripts into words, not one word a run", () => {
    expect(words("วิธีชงกาแฟให้อร่อย")).toContain("กาแฟ");
    expect(words("ดื่มกาแฟ coffee กาแฟดำ").filter((w) => w === "กาแฟ")).toHaveLength(2);
    expect(words("กาแฟ").length).toBe(1);
  });

  it("gives each distinct word of a text one id, reading the same words as the tokeniser", () => {
    const unit = fc.constantFrom(
      ..."ab A 9 .’'-\n漢字カ é😀 ,".split(" "),
      " ",
      "ab",
      "ba",
      "a-b",
      "\ud840\udc00",
      "x😀",
      "กาแฟ",
      "ไทย",
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ unit: "binary" }),
            fc.array(unit, { maxLength: 30 }).map((u) => u.join("")),
          ),
          { maxLength: 4 },
        ),
        (texts) => {
          const vocabulary = new Vocabulary();
          const ids = texts.flatMap((text) => vocabulary.idsOf(text));
          const expected = texts.flatMap((text) => words(text));
          expect(ids.map((id) => vocabulary.words[id])).toEqual(expected);
          expect(vocabulary.size).toBe(new Set(expected).size);
          expect(expected.map((word) => vocabulary.idOfWord(word))).toEqual(ids);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("keeps ids apart as the vocabulary grows past its first table", () => {
    const vocabulary = new Vocabulary();
    const many = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
    const ids = vocabulary.idsOf(many.join(" "));
    expect(ids).toEqual(many.map((_, i) => i));
    expect(many.map((word) => vocabulary.idOfWord(word))).toEqual(ids);
    expect(vocabulary.idsOf(`${many[4999]} ${many[0]}`)).toEqual([4999, 0]);
  });

  it("finds a text's topical terms as its words' terms one by one", () => {
    const term = (word: string) => {
      const normal = normalizeWord(word);
      return normal.length > 1 && !isNoiseWord(normal) && !/^\d+$/.test(normal) ? [foldWord(normal)] : [];
    };
    const unit = fc.constantFrom("The", "soils", "Soil's", "it’s", "10", "x", "raised-bed", "Storing", ". ", " ", "\n");
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 30 }), (parts) => {
        const text = parts.join(" ");
        expect(topicTerms(text)).toEqual(words(text).flatMap(term));
        expect(wordTopicTerms(words(text))).toEqual(topicTerms(text));
      }),
    );
  });

  it("splits a text into the same words whole or sentence by sentence", () => {
    // The SEO word count and the passage index read a text's words from its sentences: no word may span two
    // sentences, and nothing outside them may hold one.
    const unit = fc.constantFrom(
      ..."aZ9 .!?…。’'-\n\r\t\"“(Dr e.g 漢字カナ é😀,;".split(" "),
      " ",
      "\n\n",
      "Dr.",
      "e.g.",
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(unit, { maxLength: 40 }).map((parts) => parts.join("")),
        ),
        (text) => {
          expect(sentences(text).flatMap((sentence) => words(sentence))).toEqual(words(text));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("finds shingles the same from a text or from its normalised words", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 6 }), (text, size) => {
        expect(tokenShingles(words(text).map(normalizeWord), size)).toEqual(shingles(text, size));
      }),
    );
  });

  it("builds word trigrams as the general n-gram rule builds them", () => {
    const general = (tokens: string[]) => {
      const out = new Set<string>();
      for (let i = 0; i + 3 <= tokens.length; i++) out.add(tokens.slice(i, i + 3).join(" "));
      return out;
    };
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.constantFrom("soil", "mix", "", " ")), { minLength: 3, maxLength: 12 }),
        (tokens) => {
          expect(tokenShingles(tokens, 3)).toEqual(general(tokens));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("scores every document at once as it scores each alone", () => {
    const term = fc.constantFrom("soil", "compost", "tea", "bed", "mix", "water");
    fc.assert(
      fc.property(
        fc.array(fc.array(term, { maxLength: 8 }), { maxLength: 12 }),
        fc.array(term, { maxLength: 5 }),
        (docs, query) => {
          const index = bm25Index(docs);
          expect(index.scoreAll(query)).toEqual(docs.map((_, i) => index.score(query, i)));
        },
      ),
    );
  });

  it("scores each document by the Okapi BM25 formula, counting a term's documents and uses plainly", () => {
    const bm25 = (docs: string[][], query: string[], doc: number, k1 = 1.2, b = 0.75) => {
      const avgLength = docs.reduce((sum, d) => sum + d.length, 0) / Math.max(1, docs.length);
      const length = docs[doc]?.length ?? 0;
      let total = 0;
      for (const term of new Set(query)) {
        const f = docs[doc]?.filter((t) => t === term).length ?? 0;
        if (!f) continue;
        const n = docs.filter((d) => d.includes(term)).length;
        const idf = Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
        total += (idf * f * (k1 + 1)) / (f + k1 * (1 - b + (b * length) / (avgLength || 1)));
      }
      return total;
    };
    const term = fc.constantFrom("soil", "compost", "tea", "bed", "mix", "water", "constructor", "__proto__");
    fc.assert(
      fc.property(
        fc.array(fc.array(term, { maxLength: 8 }), { maxLength: 12 }),
        fc.array(term, { maxLength: 5 }),
        (docs, query) => {
          const index = bm25Index(docs);
          expect(docs.map((_, i) => index.score(query, i))).toEqual(docs.map((_, i) => bm25(docs, query, i)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("folds white space only where there is something to fold", () => {
    expect(collapseSpace("one two")).toBe("one two");
    expect(collapseSpace("one  two\tthree\u00a0four")).toBe("one two three four");
    const spaced = fc.oneof(
      fc.string(),
      fc.string({
        unit: fc.constantFrom(" ", "\n", "\t", "\r", "\u00a0", "\u2028", "\u3000", "\ufeff", "a", ".", "B"),
      }),
    );
    fc.assert(
      fc.property(spaced, (text) => {
        expect(collapseSpace(text)).toBe(text.replace(/\s+/g, " "));
        expect(collapseSpace(text.trim())).toBe(collapseSpace(text).trim());
      }),
      { numRuns: 2000 },
    );
  });

  it("makes sentences of the stretches, folded and trimmed, that hold a word", () => {
    const unit = fc.constantFrom(
      "Soil",
      "mix",
      "3.5",
      ". ",
      "? ",
      "\n\n",
      "\n",
      " ",
      "\t",
      "\u00a0",
      "Dr. ",
      "。",
      "e.g. ",
      "“",
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 30 }), (parts) => {
        const text = parts.join("");
        const expected = sentenceStretches(text)
          .map((stretch) => stretch.replace(/\s+/g, " ").trim())
          .filter((sentence) => /[\p{L}\p{N}\p{M}]/u.test(sentence));
        expect(sentences(text)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("splits each paragraph list into sentences once", () => {
    const paragraphs = ["One. Two.", "Three?"];
    const split = paragraphSentences(paragraphs);
    expect(split).toEqual([["One.", "Two."], ["Three?"]]);
    expect(paragraphSentences(paragraphs)).toBe(split);
  });

  it("ranks the document that uses the query's rarer terms first", () => {
    const index = bm25Index([topicTerms("compost tea brewing"), topicTerms("raised bed soil mix"), topicTerms("soil")]);
    const query = topicTerms("compost tea");
    expect(index.score(query, 0)).toBeGreaterThan(0);
    expect(index.score(query, 1)).toBe(0);
  });
});

describe("the article's word count and the length checks agree", () => {
  it("uses one count for the article, the structure check and the score's length factor", () => {
    const draft = {
      title: "Home composting guide",
      metaDescription: "How to compost at home.",
      intro: "Composting turns **kitchen scraps** into soil [1].",
      sections: [
        { heading: "Greens and browns", level: 2 as const, body: "Mix greens with browns [1]. Keep it damp [2]." },
      ],
      faq: [{ question: "How long does it take?", answer: "Two to six months [2]." }],
      conclusion: { body: "Start small.", callToAction: "Try it this week." },
    };
    const opts = options();
    const article = deriveArticle(draft, {
      kind: "llm",
      keyword: "home composting",
      options: opts,
      sources: compostSources(),
    });
    expect(article.wordCount).toBe(proseWordCount(article));
    expect(article.wordCount).toBe(23);
    const finding = structure(article, opts).findings.find((f) => /words;/.test(f.message));
    expect(finding?.message).toContain(`has ${article.wordCount} words`);
    // The score counts the prose itself, so a stored count that lies changes nothing.
    const assessed = assessArticle(article, { sources: compostSources(), options: opts });
    const lying = assessArticle({ ...article, wordCount: 5000 }, { sources: compostSources(), options: opts });
    expect(lying.score).toBe(assessed.score);
    expect(assessed.score).toBeLessThan(10);
  });

  it("gives the SEO length check the same count, citation markers and all left out", () => {
    const cited = "The tower is 330 metres tall [1][2]. ".repeat(40);
    const draft = {
      title: "Home composting guide",
      metaDescription: "How to compost at home.",
      intro: `Composting turns kitchen scraps into soil [1, 2]. ${cited}`,
      sections: [{ heading: "Greens and browns", level: 2 as const, body: `Mix greens with browns [1]. ${cited}` }],
      faq: [{ question: "How long does it take?", answer: "Two to six months [2]." }],
      conclusion: { body: "Start small [1].", callToAction: "Try it this week [2]." },
    };
    const opts = options();
    const article = deriveArticle(draft, {
      kind: "llm",
      keyword: "home composting",
      options: opts,
      sources: compostSources(),
    });
    const assessed = assessArticle(article, { sources: compostSources(), options: opts });
    const length = assessed.seo.checks.find((check) => check.id === "textLength");
    expect(length?.value).toMatchObject({ words: proseWordCount(article) });
  });
});

describe("citation numbering reaches every part of the article", () => {
  it("renumbers grouped and single markers in headings, questions and the call to action like the body", () => {
    const draft = {
      title: "Home composting guide",
      metaDescription: "How to compost at home.",
      intro: "Composting turns kitchen scraps into soil [2].",
      sections: [{ heading: "Why moisture [4] matters", level: 2 as const, body: "Keep it damp [4]." }],
      faq: [{ question: "What does [2] say?", answer: "Mix greens and browns [2, 4]." }],
      conclusion: { body: "Start small [2].", callToAction: "Read [2, 4] before you start." },
    };
    const article = deriveArticle(draft, {
      kind: "llm",
      keyword: "home composting",
      options: options(),
      sources: compostSources(),
    });
    const ids = new Set(article.sources.map((source) => source.id));
    expect(ids).toEqual(new Set([1, 2]));
    const parts = [
      article.intro,
      ...article.sections.flatMap((s) => [s.heading, s.body]),
      ...article.faq.flatMap((f) => [f.question, f.answer]),
      article.conclusion?.body ?? "",
      article.conclusion?.callToAction ?? "",
    ];
    for (const part of parts) for (const marker of citationMarkers(part)) expect(ids.has(marker)).toBe(true);
    expect(article.sections[0]?.heading).toBe("Why moisture [2] matters");
    expect(article.conclusion?.callToAction).toBe("Read [1][2] before you start.");
  });
});
