import { readFileSync } from 'node:fs';

/**
 * `npx tsx tests/bench/posting-profile.ts <file.cpuprofile> <posts> [skip-seconds]`: where the
 * app's CPU time went while it took posts, by part of the write path (session lookup, CSRF,
 * rate limits, markdown, sanitising, watched words, validation, the database driver, …), in
 * self time: each sample goes to the innermost frame of its stack that belongs to a part, so
 * a part's figure is the time spent in it and in what it calls that no other part claims
 * (a driver call inside the reply's write counts for the driver). With the number of posts
 * taken during the profile it prints microseconds per post. `skip-seconds` leaves out the
 * first seconds (start-up, seeding the bench's topics).
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A part of the write path: what its frames look like (a package's files, or a function of the app). */
interface Part {
  name: string;
  packages?: string[];
  functions?: string[];
  urls?: RegExp;
}

/** Tested in this order at each frame, innermost frame first. */
const PARTS: Part[] = [
  { name: 'idle', functions: ['(idle)'] },
  { name: 'garbage collection', functions: ['(garbage collector)'] },
  { name: 'sanitise-html (sanitize-html, htmlparser2)', packages: ['sanitize-html', 'htmlparser2', 'domhandler', 'entities', 'parse-srcset', 'postcss', 'nanoid', 'escape-string-regexp', 'is-plain-object', 'deepmerge'] },
  { name: 'markdown render (markdown-it)', packages: ['markdown-it', 'linkify-it', 'mdurl', 'uc.micro', 'punycode.js'] },
  { name: 'database driver: postgres.js', packages: ['postgres'] },
  { name: 'database driver: PGlite (the engine in WebAssembly)', packages: ['@electric-sql/pglite'], urls: /^wasm:/ },
  { name: 'drizzle (building SQL, mapping rows)', packages: ['drizzle-orm'] },
  { name: 'JSON schema: validation (ajv)', packages: ['ajv', 'ajv-formats', 'fast-uri', 'fast-deep-equal', 'json-schema-traverse', 'fast-json-stable-stringify'] },
  { name: 'JSON schema: serialising (fast-json-stringify)', packages: ['fast-json-stringify'] },
  { name: 'logging (pino)', packages: ['pino', 'pino-std-serializers', 'sonic-boom', 'thread-stream', 'fast-redact', 'quick-format-unescaped', 'on-exit-leak-free', 'atomic-sleep', 'safe-stable-stringify', 'fastify/lib/logger-pino.js'] },
  { name: 'metrics (prom-client)', packages: ['prom-client', 'tdigest', 'bintrees'], functions: ['observeRequest', 'onResponseMetrics'] },
  { name: 'rate limits', packages: ['@fastify/rate-limit', 'toad-cache'], functions: ['hit', 'memberLimit'] },
  { name: 'cookies', packages: ['@fastify/cookie', 'cookie', 'cookie-signature'] },
  { name: 'realtime publish (socket.io)', packages: ['socket.io', 'socket.io-adapter', 'socket.io-parser', 'engine.io', '@socket.io/postgres-adapter', 'ws'], functions: ['publish', 'send'] },
  { name: 'search tokens (jieba, bigrams)', packages: ['@node-rs/jieba'], functions: ['indexTokens', 'plainText', 'tokenize'] },
  { name: 'watched words', functions: ['checkPostText', 'applyWords', 'normaliseForMatch', 'compiled', 'currentVersion'] },
  { name: 'CSRF check', functions: ['safeEqual'] },
  { name: 'session lookup', functions: ['resolveSession', 'authenticateRequest', 'sha256'] },
  { name: 'markdown render (app side)', functions: ['renderMarkdown', 'renderPostBody', 'referenceUploads'] },
  { name: 'the reply: context read, write, events (app code)', functions: ['createPost', 'prepareReply', 'createTopic', 'writeTopic', 'replyContext', 'writeReply', 'recordEvents', 'recordEvent', 'presentNewPost', 'presentPost', 'presentWrittenTopic', 'presentTopic', 'notificationEvents', 'notificationInsert', 'rowFrom', 'jsonValue', 'cleanBody'] },
  { name: 'group commit (PostCommitter)', functions: ['commit', 'drain', 'alone', 'runAlone', 'runGroup', 'closePosts'] },
  { name: 'text rules on input (NUL, surrogates, NFC)', functions: ['normaliseText', 'checkText', 'cleanString', 'walkStrings'] },
  { name: 'HTTP: fastify, light-my-request, find-my-way', packages: ['fastify', 'find-my-way', 'avvio', 'light-my-request', 'fastify-plugin', 'secure-json-parse', 'content-type', '@fastify/error', 'process-warning', 'abstract-logging', 'rfdc', 'toad-cache', 'fast-querystring'] },
  { name: 'HTTP: Node (sockets, parser)', urls: /^node:(_http|http|net|stream|internal\/(streams|http|net|stream_base))/ },
  { name: 'Node: timers, promises, async hooks', urls: /^node:(internal\/(timers|process|async_hooks|promise)|timers|async_hooks)/ },
  { name: 'other Node internals', urls: /^node:/ },
];

function packageOf(url: string): string | null {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)(\/lib\/logger-pino\.js)?/.exec(url);
  if (!m?.[1]) return null;
  return m[2] ? `${m[1]}${m[2]}` : m[1];
}

function partOf(node: ProfileNode): string | null {
  const { functionName, url } = node.callFrame;
  const pkg = packageOf(url);
  for (const part of PARTS) {
    if (pkg && part.packages?.includes(pkg)) return part.name;
    if (!pkg && part.functions?.includes(functionName) && (url === '' || url.includes('dist/main.js') || url.includes('/server/'))) return part.name;
    if (part.urls?.test(url)) return part.name;
  }
  return null;
}

const file = process.argv[2];
if (!file) throw new Error('usage: posting-profile.ts <file.cpuprofile> <posts> [skip-seconds]');
const postsTaken = Number(process.argv[3] ?? 0);
const skipMicros = Number(process.argv[4] ?? 0) * 1e6;
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
const partCache = new Map<number, string>();
function partOfStack(id: number): string {
  const cached = partCache.get(id);
  if (cached) return cached;
  let at: number | undefined = id;
  let found: string | null = null;
  while (at !== undefined && found === null) {
    const node = byId.get(at);
    if (!node) break;
    found = partOf(node);
    at = parentOf.get(at);
  }
  const part = found ?? 'other app code and native';
  partCache.set(id, part);
  return part;
}

const byPart = new Map<string, number>();
let elapsed = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  elapsed += delta;
  if (elapsed < skipMicros) return;
  const part = partOfStack(id);
  byPart.set(part, (byPart.get(part) ?? 0) + delta);
});
const busy = [...byPart].filter(([k]) => k !== 'idle').reduce((a, [, v]) => a + v, 0);
console.log(`${file}: ${(busy / 1e6).toFixed(2)} s busy, ${((byPart.get('idle') ?? 0) / 1e6).toFixed(2)} s idle${postsTaken > 0 ? `, ${postsTaken} posts` : ''}`);
console.log('');
console.log(`| part | self time | share of busy time${postsTaken > 0 ? ' | µs per post' : ''} |`);
console.log(`|---|---|---${postsTaken > 0 ? '|---' : ''}|`);
for (const [k, v] of [...byPart].filter(([k]) => k !== 'idle').sort((a, b) => b[1] - a[1])) {
  console.log(`| ${k} | ${(v / 1000).toFixed(0)} ms | ${((100 * v) / busy).toFixed(1)}%${postsTaken > 0 ? ` | ${Math.round(v / postsTaken)}` : ''} |`);
}
