/**
 * Whether a sentence leans on the one before it: quoted alone it starts mid-thought, so it is quoted with the
 * sentence before it, or not at all. Read from its opening words, and from where its pronoun subject stands.
 */

/**
 * Opens with a pronoun, a connective or a bare answer ("It is excellent in pots", "But that costs more", "In
 * practice, …", "Usually, but test …", "The fix: …").
 */
const OPENS_LEANING =
  /^(?:(?:it|its|it's|this|that|these|those|they|them|their|he|she|his|her|such|both|either|neither|another|but|and|so|also|however|therefore|thus|instead|then|yet|still|otherwise|here are|here is|in practice|almost always|the fix|the answer|the same|the other|not|or|nor|because|which|as (?:fast|soon|long|much|often) as|for example|for instance|as a result|even so|in that case|at that point)\b|(?:yes|no|usually|often|sometimes|generally|not always|not really|it depends)[,:.]|for most [\p{L}\s]+, (?:yes|no)\b)/iu;

/** A preposition before a pronoun or demonstrative that points back ("Below that, …", "Without it, …", "In this case"). */
const POINTS_BACK_AFTER_PREPOSITION =
  /^(?:below|above|under|over|beyond|besides|after|before|beside|behind|past|with|without|like|unlike|despite|for|from|of|on|in|at|by|to|into|onto|during|within|against|than|because of|on top of|apart from|instead of|in addition to)\s+(?:that|this|these|those|it|them)\b/i;

/** An object pronoun in the first words of an instruction ("Fill it again", "Test it first", "Keep them moist"). */
const OBJECT_PRONOUN_EARLY = /^\p{L}+(?:\s+\p{L}+)?\s+(?:it|them)\b(?!\s+(?:is|was)\s+(?:\p{L}+\s+)?(?:to|that)\b)/iu;

/**
 * A pronoun or demonstrative subject after an opening phrase ("In cool, wet climates this is an advantage",
 * "Poured into a bed and watered, it settles", "As the wood breaks down it holds water"): the opening phrase and
 * the pronoun, when the phrase opens with a participle, a preposition or a subordinating word. "That" only after a
 * comma or before "means" ("For most adults that means…"): otherwise it is a relative pronoun ("In clay soil that
 * stays wet").
 */
const PRONOUN_SUBJECT_AFTER_OPENING =
  /^([^.;:!?]{2,80}?)(?:,\s*|\s+(?!that\b)|\s+(?=that\s+(?:means|is why|makes)\b))(this|that|these|those|it|they)\s+(?:\p{L}+ly\s+)?(?:is|are|was|were|has|have|had|can|could|will|would|should|may|might|must|does|do|did|\p{L}+s)\b/iu;

const PARTICIPLE = /^\p{L}{3,}(?:ed|en|ing)$/iu;
const NOT_PARTICIPLE =
  /^(?:during|according|including|regarding|given|even|often|seven|garden|kitchen|children|ten|then|when|open|eleven)$/i;
const PREPOSITION =
  /^(?:in|on|at|for|with|without|below|above|under|over|beyond|after|before|during|within|outside|inside|across|between|among|through|throughout|from|by|per|unlike|like|despite)$/i;
const SUBORDINATOR = /^(?:as|once|when|whenever|while|after|before|until|since|because|although|though|if|unless)$/i;
/** A noun the opening itself introduces, which a pronoun after it can refer to. */
const INDEFINITE_NOUN = /\b(?:a|an|one|some|any|each|every|your|my|our)\s+\p{L}/iu;
const BARE_SUBJECT =
  /^\p{L}+\s+(?!(?:the|this|that|these|those|it|its|they|their|he|she|his|her|you|we|i|there|so|not)\b)(?!\p{L}+ed\b)\p{L}+\s+\p{L}/iu;
/** "It" as a dummy subject ("it is easier to …", "it takes longer"), which refers to nothing before it. */
const DUMMY_IT = /^it\s+(?:is|was|'s|takes|took|pays|helps|makes sense)\b(?:\s+p{L}+){0,3}?\s+(?:to|that|if|when)\b/i;

/**
 * Whether the opening phrase before a pronoun subject leaves the pronoun pointing outside the sentence: a
 * participle's subject is outside it ("Poured into a bed, it…"); a demonstrative after a prepositional or
 * subordinate phrase points back ("In cool climates this is…"); so does a pronoun after one with no noun of its
 * own but a definite "the …" ("As the wood breaks down it…"). An opening with an indefinite noun ("If there is
 * one secret to a productive garden, it is the soil") resolves the pronoun itself.
 */
function openingLeaves(opening: string, pronoun: string, rest: string): boolean {
  const first = opening.split(/\s+/)[0] ?? "";
  if (PARTICIPLE.test(first) && !NOT_PARTICIPLE.test(first)) return true;
  if (!PREPOSITION.test(first) && !SUBORDINATOR.test(first)) return false;
  if (/^it$/i.test(pronoun) && DUMMY_IT.test(rest)) return false;
  // "When tomatoes get blight, they…", "When water freezes, it…": a clause whose subject is a bare noun names what
  // the pronoun refers to.
  if (SUBORDINATOR.test(first) && BARE_SUBJECT.test(opening)) return false;
  return !INDEFINITE_NOUN.test(opening);
}

/**
 * "This", "these" or "those" after the first word, pointing back rather than to the time of writing ("makes this
 * nearly effortless", "prefer raised beds for this reason", "since those calls took an hour"); "this week", "these
 * days" point at the present instead.
 */
const DEMONSTRATIVE_LATER =
  /^\S+\s.*?\b(?:this|these|those)\b(?!\s+(?:week|weekend|year|month|morning|afternoon|evening|season|spring|summer|autumn|fall|winter|days?|century|decade)\b)/i;

/** Whether a "this", "these" or "those" after the sentence's first word points back (`DEMONSTRATIVE_LATER`). */
export function pointsBackLater(text: string): boolean {
  return DEMONSTRATIVE_LATER.test(text);
}

/** Whether `text` leans on the sentence before it. */
export function leansBack(text: string): boolean {
  if (OPENS_LEANING.test(text) || POINTS_BACK_AFTER_PREPOSITION.test(text) || OBJECT_PRONOUN_EARLY.test(text))
    return true;
  if (pointsBackLater(text)) return true;
  const subject = PRONOUN_SUBJECT_AFTER_OPENING.exec(text);
  if (!subject) return false;
  const opening = subject[1] ?? "";
  return openingLeaves(opening, subject[2] ?? "", text.slice(opening.length).replace(/^[,\s]+/, ""));
}

/** A bare answer: what a reply to a question opens with ("No.", "Per square foot, usually yes.", "Part of it, …"). */
const BARE_ANSWER_WORD =
  /\b(?:yes|no|usually|often|sometimes|rarely|never|not always|not really|it depends|part of it|mostly|generally)\b/i;

/** A short reply that needs its question: at most eight words, one of them an answer word. */
export function bareAnswer(text: string): boolean {
  return text.split(/\s+/).length <= 8 && BARE_ANSWER_WORD.test(text) && /[.!]$/.test(text);
}
