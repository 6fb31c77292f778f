import type { Block } from "./blocks";

/** A text that on its own heads a comment thread: "Comments", "25 Comments", "Leave a Reply", "3 comments on …". */
const COMMENT_HEADER = [
  /^(?:comments?|reader comments|user comments|leave a (?:reply|comment)|post a comment|add (?:a |your )?comment|have your say|join the (?:discussion|conversation)|trackbacks?)(?:\s*\(\d+\))?\s*:?$/i,
  /^\d+\s+(?:comments?|responses?|replies|trackbacks?)(?:\s+(?:so far|on|to)\b.*)?\s*:?$/i,
  /\b\d+\s+comments?$/i,
];
const MAX_HEADER_CHARS = 80;
/** A thread follows an article: a header before this much text is a "n comments" link in the byline, kept. */
const MIN_TEXT_BEFORE = 400;

/** The blocks before a comment thread's header: the header and everything after it are the thread. */
export function cutCommentTail(blocks: Block[]): Block[] {
  let seen = 0;
  const header = blocks.findIndex((block) => {
    const found = seen >= MIN_TEXT_BEFORE && isCommentHeader(block.text);
    seen += block.text.length;
    return found;
  });
  return header < 0 ? blocks : blocks.slice(0, header);
}

export function isCommentHeader(text: string): boolean {
  return text.length <= MAX_HEADER_CHARS && COMMENT_HEADER.some((re) => re.test(text));
}
