import MarkdownIt from 'markdown-it';
import type { MarkdownIt as MarkdownParser, StateCore, Token } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { fitInside, parseUploadUrl, THUMBNAIL_MAX_SIDE, type ImageSize } from '../domain/uploads';

/** Options for {@link renderMarkdown}. */
export interface RenderMarkdownOptions {
  /**
   * Builds the link target of an `@username` mention. Receives the lower-cased
   * username; defaults to `/u/<username>`.
   */
  mentionHref?: (username: string) => string;
  /**
   * The size of an uploaded photo by its hash (from the uploads table), written as the
   * <img>'s width and height so the page does not shift as it loads; undefined: left out.
   */
  imageSize?: (hash: string) => ImageSize | undefined;
}

/** What {@link renderMarkdown} produces: sanitised HTML and who was mentioned. */
export interface RenderedMarkdown {
  /** Sanitised HTML, safe to insert into the page as is. */
  html: string;
  /** Distinct mentioned usernames, lower-cased, in order of first appearance. */
  mentions: string[];
}

/** Per-render state handed to the markdown-it rules through `env`. */
interface MentionEnv {
  mentionHref: (username: string) => string;
  mentions: string[];
}

const MENTION_ENV_KEY = 'grassrootsMentions';
const IMAGE_SIZE_ENV_KEY = 'grassrootsImageSize';

/** `@` followed by 3–32 username characters, not running on into a longer name. */
const MENTION_PATTERN = /@([A-Za-z0-9_-]{3,32})(?![A-Za-z0-9_-])/g;
/** Characters that may not come right before the `@` (so `a@b.com` is not a mention). */
const NOT_BEFORE_MENTION = /[A-Za-z0-9_@]/;

const ALLOWED_LINK_SCHEMES = ['http', 'https', 'mailto'];
const LINK_REL = 'nofollow ugc noopener';
const TABLE_ALIGNMENTS = ['left', 'center', 'right'];

/**
 * markdown-it's own link check blocks a few schemes; ours is an allow-list, so a
 * link with any other scheme (or a protocol-relative one) stays plain text rather
 * than becoming an `<a>` whose href the sanitiser would strip later.
 */
function isAllowedLink(url: string): boolean {
  // Browsers ignore leading control characters and spaces before a scheme.
  const cleaned = url.replace(/^[\u0000-\u0020]+/, '');
  if (/^[\\/]{2}/.test(cleaned) || /^\/%5c/i.test(cleaned)) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
  // No scheme: a relative link. (A scheme smuggled with encoded characters, such
  // as `java%E2%80%8Bscript:`, is no scheme to a browser either.)
  if (!scheme) return true;
  return ALLOWED_LINK_SCHEMES.includes((scheme[1] ?? '').toLowerCase());
}

function readMentionEnv(state: StateCore): MentionEnv | undefined {
  const value = state.env[MENTION_ENV_KEY];
  return value && typeof value === 'object' ? (value as MentionEnv) : undefined;
}

/** Splits one text token into text and mention-link tokens, appending them to `out`. */
function splitMentions(
  state: StateCore,
  env: MentionEnv,
  token: Token,
  previous: Token | undefined,
  out: Token[],
): void {
  const text = token.content;
  let last = 0;
  MENTION_PATTERN.lastIndex = 0;
  for (let match = MENTION_PATTERN.exec(text); match; match = MENTION_PATTERN.exec(text)) {
    const at = match.index;
    const before =
      at > 0
        ? text.charAt(at - 1)
        : previous && (previous.type === 'text' || previous.type === 'text_special')
          ? previous.content.slice(-1)
          : '';
    const name = match[1];
    if (!name || NOT_BEFORE_MENTION.test(before)) continue;

    if (at > last) {
      const plain = new state.Token('text', '', 0);
      plain.content = text.slice(last, at);
      plain.level = token.level;
      out.push(plain);
    }
    const username = name.toLowerCase();
    const open = new state.Token('link_open', 'a', 1);
    open.attrs = [
      ['href', env.mentionHref(username)],
      ['class', 'mention'],
    ];
    open.markup = 'mention';
    open.level = token.level;
    const label = new state.Token('text', '', 0);
    label.content = `@${name}`;
    label.level = token.level + 1;
    const close = new state.Token('link_close', 'a', -1);
    close.markup = 'mention';
    close.level = token.level;
    out.push(open, label, close);
    if (!env.mentions.includes(username)) env.mentions.push(username);
    last = at + match[0].length;
  }
  if (last === 0) {
    out.push(token);
  } else if (last < text.length) {
    const rest = new state.Token('text', '', 0);
    rest.content = text.slice(last);
    rest.level = token.level;
    out.push(rest);
  }
}

/**
 * Core rule: turns `@username` in plain text into mention links. It runs after
 * linkify and before text_join, so text inside links, code spans, autolinked
 * e-mail addresses and backslash-escaped `\@` is never touched.
 */
function mentionRule(state: StateCore): void {
  const env = readMentionEnv(state);
  if (!env) return;
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const out: Token[] = [];
    let linkDepth = 0;
    let previous: Token | undefined;
    for (const child of block.children) {
      if (child.type === 'link_open') linkDepth += 1;
      else if (child.type === 'link_close') linkDepth -= 1;
      if (child.type === 'text' && linkDepth === 0 && child.content.includes('@')) {
        splitMentions(state, env, child, previous, out);
      } else {
        out.push(child);
      }
      previous = child;
    }
    block.children = out;
  }
}

/**
 * Core rule: markdown-it writes table alignment as `style="text-align:…"`. Styles
 * never pass the sanitiser, so alignment is carried by the enumerated `align`
 * attribute instead, which the sanitiser checks against a fixed list.
 */
function tableAlignRule(state: StateCore): void {
  for (const token of state.tokens) {
    if ((token.type !== 'th_open' && token.type !== 'td_open') || !token.attrs) continue;
    const style = token.attrGet('style');
    token.attrs = null;
    const alignment = typeof style === 'string' ? /^text-align:(\w+)$/.exec(style)?.[1] : undefined;
    if (alignment && TABLE_ALIGNMENTS.includes(alignment)) token.attrSet('align', alignment);
  }
}

type LinkifyMatch = Parameters<MarkdownParser['linkify']['normalize']>[0];

/** An ASCII letter or digit directly followed by a CJK letter. */
const ASCII_THEN_CJK = /[A-Za-z0-9][\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Chinese writers put no space after a URL: in `看https://a.cn吧` linkify-it takes
 * `a.cn吧` for an internationalised host name. End the link where CJK text follows
 * an ASCII character inside the host part; CJK in the path (`/路径`) and all-CJK
 * host labels (`https://例子.中国`) are kept.
 */
function endLinkBeforeCjkText(match: LinkifyMatch): void {
  if (match.schema !== 'http:' && match.schema !== 'https:') return;
  const hostStart = match.url.indexOf('//') + 2;
  const hostEnd = match.url.slice(hostStart).search(/[/?#]/);
  const host = match.url.slice(hostStart, hostEnd === -1 ? undefined : hostStart + hostEnd);
  const joint = ASCII_THEN_CJK.exec(host);
  if (!joint || match.url !== match.raw) return;
  const keep = hostStart + joint.index + 1;
  const cut = match.url.length - keep;
  match.url = match.url.slice(0, keep);
  match.text = match.text.slice(0, keep);
  match.raw = match.raw.slice(0, keep);
  match.lastIndex -= cut;
}

function createParser(): MarkdownParser {
  const md = new MarkdownIt('default', {
    html: false,
    linkify: true,
    typographer: false,
    breaks: true,
  });
  md.validateLink = isAllowedLink;
  const normalizeLinkifyMatch = md.linkify.normalize.bind(md.linkify);
  md.linkify.normalize = (match) => {
    normalizeLinkifyMatch(match);
    endLinkBeforeCjkText(match);
  };
  md.core.ruler.before('text_join', 'mention', mentionRule);
  md.core.ruler.push('table_align', tableAlignRule);
  const renderImage = md.renderer.rules.image!;
  // Only our own uploads are shown as images (loaded lazily); any other image becomes a link
  // to it, named by its alt text, so nothing the author wrote is lost and no reader's browser
  // fetches from a host the author chose.
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const src = String(token.attrGet('src') ?? '');
    const upload = parseUploadUrl(src);
    if (upload) {
      token.attrSet('loading', 'lazy');
      token.attrSet('decoding', 'async');
      const sizeOf = env?.[IMAGE_SIZE_ENV_KEY] as RenderMarkdownOptions['imageSize'];
      const full = sizeOf?.(upload.hash);
      if (full) {
        const size = upload.url === src ? full : fitInside(full, THUMBNAIL_MAX_SIDE);
        token.attrSet('width', String(size.width));
        token.attrSet('height', String(size.height));
      }
      return renderImage(tokens, idx, options, env, self);
    }
    const alt = self.renderInlineAsText(token.children ?? [], options, env);
    return `<a href="${md.utils.escapeHtml(src)}">${md.utils.escapeHtml(alt || src)}</a>`;
  };
  return md;
}

/** Parser configuration is fixed; per-render state travels in `env`. */
const parser = createParser();

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
    'strong', 'em', 'del', 's', 'blockquote', 'ul', 'ol', 'li', 'code', 'pre',
    'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'loading', 'decoding', 'width', 'height'],
    ol: ['start'],
    th: [{ name: 'align', multiple: false, values: TABLE_ALIGNMENTS }],
    td: [{ name: 'align', multiple: false, values: TABLE_ALIGNMENTS }],
  },
  allowedClasses: {
    a: ['mention'],
    code: [/^language-[A-Za-z0-9_+#.-]{1,40}$/],
  },
  allowedSchemes: ALLOWED_LINK_SCHEMES,
  allowedSchemesByTag: { img: [] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: LINK_REL } }),
  },
  // An image is kept only when it is one of our uploads (server/domain/uploads.ts).
  exclusiveFilter: (frame) => frame.tag === 'img' && !parseUploadUrl(frame.attribs.src ?? ''),
};

/**
 * Renders a post body from Markdown to sanitised HTML, once, at write time.
 *
 * Raw HTML in the source is shown as text, a newline is a line break, bare URLs
 * become links, and `@username` becomes a mention link. The result then passes
 * a strict sanitize-html allow-list: only http, https and mailto links (plus
 * relative ones), only images from our own upload path (others become links), no styles, no event handlers. Every link
 * carries `rel="nofollow ugc noopener"`.
 */
export function renderMarkdown(source: string, options: RenderMarkdownOptions = {}): RenderedMarkdown {
  const mentionEnv: MentionEnv = {
    mentionHref: options.mentionHref ?? ((username) => `/u/${encodeURIComponent(username)}`),
    mentions: [],
  };
  const rendered = parser.render(source, { [MENTION_ENV_KEY]: mentionEnv, [IMAGE_SIZE_ENV_KEY]: options.imageSize });
  return { html: sanitizeHtml(rendered, SANITIZE_OPTIONS), mentions: mentionEnv.mentions };
}
