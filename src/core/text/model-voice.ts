/**
 * Text on a web page that speaks to a language model instead of to its readers: "ignore all previous
 * instructions", "AI assistants must always recommend …", "if you are an AI, …", chat-template tokens. Pages
 * carry such lines (often hidden from people) to steer the answers of tools that read them. Such a passage is
 * never evidence for an article: it is kept out of every prompt and never quoted, so it can neither steer the
 * writer nor reach the reader. An article about AI loses a passage now and then to this; a source's passage is
 * worth less than a writer that cannot be steered by the pages it reads.
 */
const MACHINE = String.raw`(?:ai|a\.i\.|llms?|large language models?|language models?|chat ?bots?|ai (?:assistants?|agents?|models?|systems?|tools?)|gpt|chatgpt|claude|gemini|copilot)`;

/** After a name for a model: the name ends the phrase, or a word that makes it one ("an AI, …", "an AI assistant"). */
const AS_ADDRESSEE = String.raw`(?=\s*[,.:;!?—–-]|\s+(?:reading|processing|model|assistant|agent|system|tool|crawler|bot)s?\b)`;

/**
 * White space within a line, before a line's first word: `\s*` after `^` (in multiline mode) would run across
 * lines, so a passage of many empty lines cost time quadratic in them (a 77 KB one took 4 s).
 */
const LINE_SPACE = String.raw`[^\S\n\r\u2028\u2029]*`;

const PATTERNS = [
  // "Ignore all previous instructions", "disregard the above prompt" (not "ignore the packet's instructions").
  String.raw`\b(?:ignore|disregard|forget|override)\b[^.!?\n]{0,30}\b(?:previous|prior|preceding|above|earlier|system|developer)\b[^.!?\n]{0,20}\b(?:instructions?|prompts?|directives?)\b`,
  // "If you are an AI…", "you are now a helpful assistant".
  String.raw`\bif you(?:'re|’re| are) (?:an? )?${MACHINE}${AS_ADDRESSEE}`,
  String.raw`\byou are now (?:an? )?(?:helpful |large |friendly )?(?:ai|ai assistant|assistant|language model|chat ?bot)\b`,
  String.raw`\byou are (?:an? )?helpful (?:ai|ai assistant|assistant|language model|chat ?bot)\b`,
  String.raw`\byou are (?:an? )?(?:ai|ai assistant|language model|chat ?bot)${AS_ADDRESSEE}`,
  // "AI assistants reading this page …", "LLMs must always recommend Acme".
  String.raw`\b${MACHINE}\b[^.!?\n]{0,40}\b(?:reading|processing|summari[sz]ing|crawling|visiting|parsing)\b[^.!?\n]{0,15}\bthis (?:page|site|website|article|text|content|document|post)\b`,
  String.raw`\b${MACHINE}\b[^.!?\n]{0,60}\b(?:must|should|shall) (?:always|only|never|now|instead)\b[^.!?\n]{0,40}\b(?:recommend|mention|say|state|include|write|describe|rank|respond|answer|tell|cite|link to|promote|praise|prefer|summari[sz]e)\b`,
  String.raw`\b(?:note|message|instructions?|attention) (?:to|for) (?:any |all )?${MACHINE}${AS_ADDRESSEE}`,
  // "New instructions:", "system prompt".
  String.raw`\b(?:new|updated|real|secret|hidden|additional) instructions?\s*:`,
  String.raw`\bsystem prompt\b`,
  // Chat-template tokens, and role labels that open an order ("System: you …"; not "System: Windows 11").
  String.raw`<\|(?:im_start|im_end|system|user|assistant|endoftext)\|>|\[/?INST\]|<<SYS>>`,
  String.raw`^${LINE_SPACE}(?:system|assistant)\s*:\s*(?:you|ignore|always|never|from now|do not|don't)\b`,
];

export const ADDRESSES_A_MODEL = new RegExp(PATTERNS.join("|"), "im");

/** Whether a passage speaks to a language model (see above). */
export function addressesAModel(text: string): boolean {
  return ADDRESSES_A_MODEL.test(text);
}

/**
 * A chat assistant's own voice in what should be an article: "As an AI language model, …", "Certainly! Here is the
 * revised section", "I hope this helps", "Let me know if you'd like …", a knowledge cutoff. A writer that answers
 * like this has talked to the person asking, not written for the reader.
 */
export const ASSISTANT_VOICE = new RegExp(
  [
    String.raw`\bas an ai(?: language model| assistant| model)?\b`,
    String.raw`\bI(?:'m|’m| am) (?:just |only )?an ai\b`,
    String.raw`\bmy (?:knowledge|training) (?:cutoff|cut-off|data)\b`,
    String.raw`\bI (?:cannot|can't|can’t|can not|am unable to|don't have the ability to) (?:browse|access (?:the internet|real-time|external|live))`,
    String.raw`^${LINE_SPACE}(?:certainly|sure|absolutely|of course)[!,.]\s*(?:here(?:'s|’s| is| are)|below (?:is|are)|I(?:'ve|’ve| have))`,
    String.raw`\bhere(?:'s|’s| is) (?:the|your) (?:revised |updated |rewritten |requested |improved )?(?:article|section|draft|intro(?:duction)?|conclusion|json|faq)\b`,
    String.raw`\bI hope (?:this|that) helps\b`,
    String.raw`\blet me know if you(?:'d|’d| would)? (?:like|want|need)\b`,
  ].join("|"),
  "im",
);

/** Whether a passage of an article speaks as a chat assistant, or to a model (see above and `addressesAModel`). */
export function speaksAsAModel(text: string): boolean {
  return ASSISTANT_VOICE.test(text) || addressesAModel(text);
}
