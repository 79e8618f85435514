/**
 * An Aho–Corasick automaton: every occurrence of any of many words in one pass over the
 * text, however many words there are. Words and text are compared by UTF-16 code unit, so
 * both must be normalised the same way first (see match-normalise.ts). Overlapping words and
 * a short word ending inside a longer partial match are all reported.
 */
export class AhoCorasick {
  /** Transitions of each node: code unit → node. */
  private readonly next: Map<number, number>[] = [new Map()];
  /** The failure link of each node: the longest proper suffix that is also a prefix in the trie. */
  private readonly fail: number[] = [0];
  /** The index of the word ending at each node, or -1. */
  private readonly word: number[] = [-1];
  /** The nearest node on the failure chain (excluding itself) where a word ends, or -1. */
  private readonly outLink: number[] = [-1];
  /** Each word's length in code units, by word index. */
  private readonly lengths: number[];

  /** Builds the automaton of `words` (empty words are ignored; a repeated word keeps its first index). */
  constructor(words: readonly string[]) {
    this.lengths = words.map((w) => w.length);
    words.forEach((w, index) => {
      if (w.length === 0) return;
      let node = 0;
      for (let i = 0; i < w.length; i += 1) {
        const c = w.charCodeAt(i);
        let child = this.next[node]?.get(c);
        if (child === undefined) {
          child = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.word.push(-1);
          this.outLink.push(-1);
          this.next[node]?.set(c, child);
        }
        node = child;
      }
      if (this.word[node] === -1) this.word[node] = index;
    });
    // Breadth first: a node's failure link is set before its children's.
    const queue: number[] = [];
    for (const child of this.next[0]?.values() ?? []) queue.push(child);
    for (let head = 0; head < queue.length; head += 1) {
      const node = queue[head] as number;
      for (const [c, child] of this.next[node] ?? new Map<number, number>()) {
        let f = this.fail[node] as number;
        while (f !== 0 && !this.next[f]?.has(c)) f = this.fail[f] as number;
        const target = this.next[f]?.get(c);
        const link = target !== undefined && target !== child ? target : 0;
        this.fail[child] = link;
        this.outLink[child] = (this.word[link] as number) >= 0 ? link : (this.outLink[link] as number);
        queue.push(child);
      }
    }
  }

  /** How many nodes the automaton has (for tests and the benchmark). */
  get size(): number {
    return this.next.length;
  }

  /** Every occurrence in `text`: the word's index and the half-open range [start, end) in code units, by end then length. */
  search(text: string): { word: number; start: number; end: number }[] {
    const found: { word: number; start: number; end: number }[] = [];
    const next = this.next;
    const fail = this.fail;
    let node = 0;
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      // One lookup per step: follow failure links until a node has a transition on c.
      let to = (next[node] as Map<number, number>).get(c);
      while (to === undefined && node !== 0) {
        node = fail[node] as number;
        to = (next[node] as Map<number, number>).get(c);
      }
      node = to ?? 0;
      for (let out = (this.word[node] as number) >= 0 ? node : (this.outLink[node] as number); out > 0; out = this.outLink[out] as number) {
        const w = this.word[out] as number;
        const len = this.lengths[w] as number;
        found.push({ word: w, start: i + 1 - len, end: i + 1 });
      }
    }
    return found;
  }
}
