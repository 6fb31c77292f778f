import { type WordIds, wordHash, wordIds } from "./scan";

const EMPTY = -1;

/**
 * Words as small numbers, read straight off a text: the first time a word is seen it is copied out and given the
 * next id, and after that it is found by a hash of its characters compared in place, neither copied nor hashed as
 * a new string. Facts about a word (its term, whether it counts) can then be kept in arrays by id. A lookup in a
 * Map by a freshly cut word cost several times the scan that found the word.
 */
export class Vocabulary implements WordIds {
  /** Each id's word. */
  readonly words: string[] = [];
  private readonly hashes: number[] = [];
  /**
   * Where hashes start: drawn for each vocabulary, and the hash mixed before it picks a slot, so that no page can be
   * written whose words all fall on one slot (which would make a lookup cost as many steps as there are words).
   */
  readonly seed = (Math.random() * 0x100000000) >>> 0;
  /** Open addressing, linear probing: each slot holds an id or EMPTY; kept at most half full. */
  private slots = new Int32Array(1024).fill(EMPTY);

  get size(): number {
    return this.words.length;
  }

  /** The ids of the words of `text` (see `words`), in order; appended to `out` when it is given. */
  idsOf(text: string, out?: number[]): number[] {
    return wordIds(text, this, out);
  }

  /** The id of a word given on its own. */
  idOfWord(word: string): number {
    return this.idOf(word, 0, word.length, wordHash(word, 0, word.length, this.seed));
  }

  /** The id of the word at `start`–`end` of `text`, whose `wordHash` is `hash`. */
  idOf(text: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = mixed(hash) & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot] as number;
      if (id === EMPTY) return this.add(text.slice(start, end), hash, slot);
      if (this.hashes[id] === hash && isAt(this.words[id] as string, text, start, end)) return id;
    }
  }

  private add(word: string, hash: number, slot: number): number {
    const id = this.words.length;
    this.words.push(word);
    this.hashes.push(hash);
    this.slots[slot] = id;
    if (2 * this.words.length > this.slots.length) this.grow();
    return id;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    const mask = slots.length - 1;
    this.hashes.forEach((hash, id) => {
      let slot = mixed(hash) & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = id;
    });
    this.slots = slots;
  }
}

/** Whether `text` holds `word` from `start` to `end` (a loop: `startsWith` at an offset took longer for short words). */
function isAt(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

/** The final mix of MurmurHash3: every bit of the hash moves the low bits that pick a slot. */
function mixed(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
