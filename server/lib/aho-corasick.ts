/**
 * An Aho–Corasick automaton: every occurrence of any of many words in one pass over the
 * text, however many words there are. Words and text are compared by UTF-16 code unit, so
 * both must be normalised the same way first (see match-normalise.ts). Overlapping words and
 * a short word ending inside a longer partial match are all reported.
 *
 * Laid out flat for speed (a post is checked on every write): code units are mapped to a
 * compact alphabet (only the units the words use; any other unit sends the search straight
 * back to the root), the root's transitions are one dense Int32Array over that alphabet, and
 * every other node's children sit in one sorted run of two Int32Arrays (CSR), found by a
 * short scan or a binary search. Failure and output links are Int32Arrays too. A full goto
 * table is out of reach for Chinese (thousands of letters × tens of thousands of nodes).
 */
export class AhoCorasick {
  /** Code unit → its index in the alphabet (1-based), or 0 when no word uses it. */
  private readonly letter: Int32Array;
  /** The root's child for each alphabet index, or -1. */
  private readonly root: Int32Array;
  /** Node n's children are childLetter/childNode[childStart[n], childStart[n + 1]), sorted by letter. */
  private readonly childStart: Int32Array;
  private readonly childLetter: Int32Array;
  private readonly childNode: Int32Array;
  /** The failure link of each node: the longest proper suffix that is also a prefix in the trie. */
  private readonly fail: Int32Array;
  /** The index of the word ending at each node, or -1. */
  private readonly word: Int32Array;
  /** The nearest node on the failure chain (excluding itself) where a word ends, or -1. */
  private readonly outLink: Int32Array;
  /** Each word's length in code units, by word index. */
  private readonly lengths: Int32Array;

  /** Builds the automaton of `words` (empty words are ignored; a repeated word keeps its first index). */
  constructor(words: readonly string[]) {
    this.lengths = Int32Array.from(words, (w) => w.length);
    // The alphabet: each code unit the words use, numbered from 1.
    this.letter = new Int32Array(0x10000);
    let letters = 0;
    for (const w of words) {
      for (let i = 0; i < w.length; i += 1) {
        const c = w.charCodeAt(i);
        if (this.letter[c] === 0) {
          letters += 1;
          this.letter[c] = letters;
        }
      }
    }
    // The trie, built with a map per node, then laid out flat.
    const children: Map<number, number>[] = [new Map()];
    const ending: number[] = [-1];
    words.forEach((w, index) => {
      if (w.length === 0) return;
      let node = 0;
      for (let i = 0; i < w.length; i += 1) {
        const a = this.letter[w.charCodeAt(i)] as number;
        const map = children[node] as Map<number, number>;
        let child = map.get(a);
        if (child === undefined) {
          child = children.length;
          children.push(new Map());
          ending.push(-1);
          map.set(a, child);
        }
        node = child;
      }
      if (ending[node] === -1) ending[node] = index;
    });
    const nodes = children.length;
    this.word = Int32Array.from(ending);
    this.root = new Int32Array(letters + 1).fill(-1);
    for (const [a, child] of children[0] as Map<number, number>) this.root[a] = child;
    this.childStart = new Int32Array(nodes + 1);
    this.childLetter = new Int32Array(nodes - 1);
    this.childNode = new Int32Array(nodes - 1);
    let at = 0;
    for (let n = 0; n < nodes; n += 1) {
      this.childStart[n] = at;
      if (n === 0) continue; // the root's children are in `root`
      const sorted = [...(children[n] as Map<number, number>)].sort((x, y) => x[0] - y[0]);
      for (const [a, child] of sorted) {
        this.childLetter[at] = a;
        this.childNode[at] = child;
        at += 1;
      }
    }
    this.childStart[nodes] = at;
    // Breadth first: a node's failure link is set before its children's.
    this.fail = new Int32Array(nodes);
    this.outLink = new Int32Array(nodes).fill(-1);
    const queue = new Int32Array(nodes);
    let tail = 0;
    for (const child of (children[0] as Map<number, number>).values()) queue[tail++] = child;
    for (let head = 0; head < tail; head += 1) {
      const node = queue[head] as number;
      for (let k = this.childStart[node] as number; k < (this.childStart[node + 1] as number); k += 1) {
        const a = this.childLetter[k] as number;
        const child = this.childNode[k] as number;
        let f = this.fail[node] as number;
        let target = this.step(f, a);
        while (target < 0 && f !== 0) {
          f = this.fail[f] as number;
          target = this.step(f, a);
        }
        const link = target >= 0 && target !== child ? target : 0;
        this.fail[child] = link;
        this.outLink[child] = (this.word[link] as number) >= 0 ? link : (this.outLink[link] as number);
        queue[tail++] = child;
      }
    }
  }

  /** How many nodes the automaton has (for tests and the benchmark). */
  get size(): number {
    return this.fail.length;
  }

  /** The child of `node` on alphabet letter `a`, or -1. */
  private step(node: number, a: number): number {
    if (node === 0) return this.root[a] as number;
    let lo = this.childStart[node] as number;
    let hi = this.childStart[node + 1] as number;
    const letters = this.childLetter;
    // Most nodes have a handful of children: scan them; a wide node is searched by halves.
    while (hi - lo > 8) {
      const mid = (lo + hi) >>> 1;
      // [lo, hi) keeps the first letter >= a.
      if ((letters[mid] as number) < a) lo = mid + 1;
      else hi = mid + 1;
    }
    for (; lo < hi; lo += 1) {
      const l = letters[lo] as number;
      if (l === a) return this.childNode[lo] as number;
      if (l > a) return -1;
    }
    return -1;
  }

  /** Every occurrence in `text`: the word's index and the half-open range [start, end) in code units, by end then length. */
  search(text: string): { word: number; start: number; end: number }[] {
    const found: { word: number; start: number; end: number }[] = [];
    const letter = this.letter;
    const root = this.root;
    const fail = this.fail;
    const word = this.word;
    const outLink = this.outLink;
    let node = 0;
    for (let i = 0; i < text.length; i += 1) {
      const a = letter[text.charCodeAt(i)] as number;
      // A unit no word uses: no word can continue through it.
      if (a === 0) {
        node = 0;
        continue;
      }
      let to = node === 0 ? (root[a] as number) : this.step(node, a);
      while (to < 0 && node !== 0) {
        node = fail[node] as number;
        to = node === 0 ? (root[a] as number) : this.step(node, a);
      }
      node = to < 0 ? 0 : to;
      for (let out = (word[node] as number) >= 0 ? node : (outLink[node] as number); out > 0; out = outLink[out] as number) {
        const w = word[out] as number;
        found.push({ word: w, start: i + 1 - (this.lengths[w] as number), end: i + 1 });
      }
    }
    return found;
  }
}
