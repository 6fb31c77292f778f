import { Readability } from "@mozilla/readability";
import { afterEach, describe, expect, it, vi } from "vitest";
import { extractPage } from "../../src/core/research/extract";
import { type Block, segmentBlocks } from "../../src/core/research/extract/blocks";
import { leadAbove, preferOwn, regionClarity, structuredArticle, within } from "../../src/core/research/extract/choice";
import { parseDocument } from "../../src/core/research/extract/dom";
import { chooseRegion, marksArticle } from "../../src/core/research/extract/regions";

const sentence = (topic: string) =>
  `${topic} is described here in plain words, with enough detail that a reader can follow every step of it.`;
const paragraphs = (...topics: string[]) => topics.map((topic) => `<p>${sentence(topic)}</p>`).join("");
const ARTICLE = ["Soil", "Water", "Light", "Feeding", "Pruning", "Harvest"];
const MENU = `<ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul>`;

function choose(body: string) {
  const doc = parseDocument(`<html><body>${body}</body></html>`);
  return chooseRegion(doc.body, (doc.body?.textContent ?? "").length);
}
const idOf = (body: string) => choose(body).region?.element.getAttribute("id");
/** The clarity of the region chosen on a page with `body`, judged on the blocks read from that region. */
function clarityOf(body: string, words: number) {
  const choice = choose(body);
  return regionClarity(choice, words, segmentBlocks(choice.region?.element ?? null));
}

describe("chooseRegion", () => {
  it("picks the element holding the prose over navigation and link lists", () => {
    expect(idOf(`<div id="nav">${MENU}</div><div id="story">${paragraphs(...ARTICLE)}</div>`)).toBe("story");
  });

  it("takes the page's own article container inside the densest region when it holds most of the prose", () => {
    const comments = `<div id="replies">${paragraphs("A reader's reply", "Another reader's reply")}</div>`;
    const body = `<div id="wrap"><div id="post" class="entry-content">${paragraphs(...ARTICLE)}</div>${comments}</div>`;
    expect(idOf(body)).toBe("post");
  });

  it("keeps the densest region when the marked container holds only a small part of its prose", () => {
    const body = `<div id="wrap"><article id="teaser">${paragraphs("Soil")}</article>${paragraphs(...ARTICLE)}</div>`;
    expect(idOf(body)).toBe("wrap");
  });

  it("reads lines split by <br> as one paragraph, and CJK characters as worth more than Latin letters", () => {
    const cjk = "一波波接續性低溫寒流報到已將新竹尖石鄉後山一帶層層山巒披上嫣紅的彩衣";
    const choice = choose(`<div id="post">${cjk}<br>${cjk}<br>${cjk}</div>`);
    expect(choice.region?.element.getAttribute("id")).toBe("post");
    expect(choice.region?.paragraphs).toBe(1);
    expect(choice.region?.prose).toBeGreaterThan(cjk.length * 3);
  });

  it("counts the prose and the other blocks of the region and of the page", () => {
    const choice = choose(`${MENU}<div id="story"><h2>Tools</h2>${paragraphs(...ARTICLE)}</div>`);
    expect(choice.region?.paragraphs).toBe(6);
    expect(choice.region?.fragments).toBe(1);
    expect(choice.page.fragments).toBe(4);
    expect(choice.page.prose).toBe(choice.region?.prose);
  });

  it("finds no region on a page without prose", () => {
    expect(choose(MENU).region).toBeNull();
  });
});

describe("marksArticle", () => {
  it.each([
    ["<article>", true],
    ["<main>", true],
    ['<div role="main">', true],
    ['<div itemprop="articleBody">', true],
    ['<div class="post-body clearfix">', true],
    ['<section id="story-body">', true],
    ['<div class="sidebar">', false],
    ['<div class="content-wrapper">', false],
  ])("%s marks the article: %s", (tag, expected) => {
    const doc = parseDocument(`<html><body>${tag}x</body></html>`);
    expect(marksArticle(doc.body?.firstElementChild as never)).toBe(expected);
  });
});

describe("regionClarity", () => {
  it("is clear for a region of paragraphs holding the page's prose", () => {
    const body = `<div id="nav">${MENU}</div><div id="story">${paragraphs(...ARTICLE, ...ARTICLE)}</div>`;
    expect(clarityOf(body, 200)).toBe("paragraphs");
    expect(clarityOf(body, 100)).toBeNull();
  });

  it("is not clear when another part of the page holds much of the prose", () => {
    const choice = choose(
      `<div><article id="story">${paragraphs(...ARTICLE)}</article><div id="more">${paragraphs("Soil", "Water", "Light")}</div></div>`,
    );
    expect(choice.region?.element.getAttribute("id")).toBe("story");
    expect(regionClarity(choice, 200, segmentBlocks(choice.region?.element ?? null))).toBeNull();
  });

  it("is not clear for a region of captions, controls and headings between its paragraphs", () => {
    const captions = ["Photo: the bed in May", "Full screen", "Next image"]
      .map((line) => `<div>${line}</div>`)
      .join("");
    expect(clarityOf(`<div id="story">${paragraphs(...ARTICLE)}${captions}</div>`, 200)).toBeNull();
  });
});

describe("regionClarity weighs text outside paragraphs", () => {
  it("is not clear when a few blocks outside the paragraphs hold much of the region's text", () => {
    const links = Array.from({ length: 12 }, (_, i) => `<a href="/tag/${i}">tag number ${i}</a>`).join(" ");
    const choice = choose(`<div id="story">${paragraphs(...ARTICLE, ...ARTICLE)}<div>${links}</div></div>`);
    expect(choice.region?.fragments).toBe(1);
    expect(regionClarity(choice, 200, segmentBlocks(choice.region?.element ?? null))).toBeNull();
  });
});

describe("structuredArticle", () => {
  const steps = `<ul>${["Dig", "Fill", "Sow"].map((step) => `<li>${step} the bed</li>`).join("")}</ul>`;
  const table = "<table><tr><th>Bed</th><th>Cost</th></tr><tr><td>Pine</td><td>$40</td></tr></table>";
  /** A guide: headings, a list of steps under its lead-in, a table, and paragraphs after each. */
  const guide = [
    "<h2>Before you start</h2>",
    paragraphs("Soil", "Water"),
    "<p>You will need to:</p>",
    steps,
    paragraphs("Light"),
    "<h2>What it costs</h2>",
    table,
    paragraphs("Feeding", "Pruning", "Harvest"),
  ].join("");
  const read = (html: string) => segmentBlocks(parseDocument(`<html><body>${html}</body></html>`).body);

  it("reads headings, list items, table cells and a list's lead-in before the last paragraph as structure", () => {
    expect(structuredArticle(read(guide))).toBe(true);
    expect(clarityOf(`<div id="nav">${MENU}</div><article id="guide">${guide}</article>`, 200)).toBe("structure");
  });

  it("reads a short line ending in a colon as structure only where it opens a list or a table", () => {
    const leadIns = (end: string) =>
      `${paragraphs("Soil", "Water")}<p>You will need${end}</p>${steps}<p>Prices in 2024${end}</p>${table}${paragraphs("Light", "Harvest")}`;
    expect(structuredArticle(read(leadIns(":")))).toBe(true);
    expect(structuredArticle(read(leadIns(".")))).toBe(false);
    expect(
      structuredArticle(
        read(`${paragraphs("Soil", "Water")}<p>Note:</p><p>Light:</p>${paragraphs("Light", "Harvest")}`),
      ),
    ).toBe(false);
  });

  it("counts short loose lines as fragments: captions and player controls between the paragraphs", () => {
    const controls = ["Play", "Mute", "Current time 0:00", "Full screen"].map((line) => `<div>${line}</div>`).join("");
    expect(structuredArticle(read(`${guide}${paragraphs("Mulch")}${controls}${paragraphs("Compost")}`))).toBe(false);
  });

  it("counts a list after the last paragraph as fragments, not structure: a thread of short replies", () => {
    const replies = `<ol>${["Great post", "Thanks!", "Will try this", "Me too"].map((reply) => `<li>${reply}</li>`).join("")}</ol>`;
    expect(structuredArticle(read(`${guide}${replies}`))).toBe(false);
  });

  it("is not clear with a link-heavy block after the last paragraph, however short", () => {
    expect(structuredArticle(read(`${guide}<p><a href="/author/sam">More from Sam</a></p>`))).toBe(false);
    expect(structuredArticle(read(`${guide}<p>Sam grows vegetables in Leeds.</p>`))).toBe(true);
  });
});

describe("preferOwn", () => {
  const article = ARTICLE.map(sentence).join("\n");
  const teasers = ["ferns", "roses", "tulips", "maples"]
    .map((plant) => `Readers who liked this also read our guide to growing ${plant} from seed in a cold frame.`)
    .join("\n");
  const own = (text: string, proseShare = 1) => ({ text, words: text.split(/\s+/).length, proseShare });
  const readable = (text: string, regionChars = text.length) => ({ ...own(text), regionChars });

  it("takes ours when it lies within Readability's wider pick (the article plus teasers around it)", () => {
    expect(preferOwn(own(article), readable(`${article}\n${teasers}`), 10_000)).toBe(true);
  });

  it("keeps Readability's when it lies within ours (ours took in more than the article)", () => {
    expect(preferOwn(own(`${article}\n${teasers}`), readable(article), 10_000)).toBe(false);
  });

  it("keeps Readability's when ours is only a stray part of it", () => {
    expect(preferOwn(own(sentence("Soil")), readable(`${article}\n${teasers}`), 10_000)).toBe(false);
  });

  it("takes ours when Readability found nothing, and never an empty reading of ours", () => {
    expect(preferOwn(own(article), null, 10_000)).toBe(true);
    expect(preferOwn(own(""), readable(article), 10_000)).toBe(false);
  });

  it("takes ours, mostly prose, when Readability settled on a short fragment of a long page", () => {
    const long = Array.from({ length: 8 }, () => article).join("\n");
    const lead = sentence("The lead");
    expect(preferOwn(own(long), readable(lead), 40_000)).toBe(true);
    expect(preferOwn(own(long, 0.5), readable(lead), 40_000)).toBe(false);
  });

  it("reads one text as within another by the blocks they share", () => {
    expect(within(article, `${teasers}\n${article}`)).toBe(true);
    expect(within(`${article}\n${teasers}`, article)).toBe(false);
  });
});

describe("extractPage reads its own region first", () => {
  afterEach(() => vi.restoreAllMocks());

  it("does not ask Readability when its region is clear", () => {
    const parse = vi.spyOn(Readability.prototype, "parse");
    const html = `<html><body><div id="nav">${MENU}</div><div id="story">${paragraphs(...ARTICLE, ...ARTICLE)}</div></body></html>`;
    const page = extractPage(html, "https://garden.example/post");
    expect(page.text).toContain(sentence("Harvest"));
    expect(page.text).not.toContain("Sport");
    expect(parse).not.toHaveBeenCalled();
  });

  it("does not ask Readability for a guide with headings, steps and a table, and leaves out its headline and byline on a page laid out for small screens", () => {
    const parse = vi.spyOn(Readability.prototype, "parse");
    const steps = `<ol>${["Dig", "Fill", "Sow"].map((step) => `<li>${step} the bed</li>`).join("")}</ol>`;
    const guide = [
      "<h1>Raised beds for beginners</h1>",
      '<p class="byline">By Sam Reed · 2 May 2024</p>',
      paragraphs("Soil", "Water", "Compost"),
      "<h2>Building the bed</h2>",
      "<p>You will need to:</p>",
      steps,
      paragraphs("Light", "Feeding", "Mulch"),
      "<h2>After sowing</h2>",
      paragraphs("Pruning", "Harvest", "Storage"),
    ].join("");
    const viewport = '<meta name="viewport" content="width=device-width">';
    const html = `<html><head><title>Raised beds for beginners | Garden Notes</title>${viewport}</head><body><div id="nav">${MENU}</div><article>${guide}</article></body></html>`;
    const page = extractPage(html, "https://garden.example/guide");
    expect(parse).not.toHaveBeenCalled();
    expect(page.headings.map((heading) => heading.text)).toEqual(["Building the bed", "After sowing"]);
    expect(page.lists).toEqual([["Dig the bed", "Fill the bed", "Sow the bed"]]);
    expect(page.text).not.toContain("Sam Reed");
    expect(page.text).toContain(sentence("Harvest"));
  });

  it("asks Readability when its region is not clear", () => {
    const parse = vi.spyOn(Readability.prototype, "parse");
    const html = `<html><body><div id="story">${paragraphs(...ARTICLE)}</div></body></html>`;
    expect(extractPage(html, "https://garden.example/post").text).toContain(sentence("Soil"));
    expect(parse).toHaveBeenCalledTimes(1);
  });
});

describe("leadAbove", () => {
  const block = (text: string): Block => ({
    kind: "paragraph",
    level: 0,
    list: -1,
    text,
    linkChars: 0,
    group: -1,
    anchors: [],
    cell: null,
  });
  const article = ARTICLE.map((topic) => block(sentence(topic)));

  it("takes the headline and dateline that Readability read just above our first block", () => {
    const head = [block("How to grow a kitchen garden"), block("By Sam, 2 May 2024")];
    expect(leadAbove(article, [...head, ...article, block("More stories")])).toEqual(head);
  });

  it("takes nothing when our region starts where Readability's does, or when the text above is a page long", () => {
    expect(leadAbove(article, article)).toEqual([]);
    const teasers = ["ferns", "roses", "tulips", "maples", "irises"].map((plant) =>
      block(sentence(`Growing ${plant}`)),
    );
    expect(leadAbove(article, [...teasers, ...article])).toEqual([]);
  });
});
