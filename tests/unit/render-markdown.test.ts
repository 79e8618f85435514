import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../server/markdown/render-markdown';
import { BODY_MAX_LENGTH } from '../../server/domain/limits';

interface ParsedTag {
  name: string;
  attributes: [string, string][];
}

const TAG = /<\/?([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/**
 * The tags of the output. The sanitiser escapes `<` in text and `"` in attribute
 * values, so every `<` left in the output opens a real tag; escaped text such as
 * `&lt;p style=…&gt;` is plain text and is rightly not reported.
 */
function parseTags(html: string): { tags: ParsedTag[]; strayAngles: number } {
  const tags: ParsedTag[] = [];
  for (const match of html.matchAll(TAG)) {
    const attributes: [string, string][] = [];
    for (const attr of (match[2] ?? '').matchAll(ATTRIBUTE)) {
      attributes.push([(attr[1] ?? '').toLowerCase(), attr[2] ?? attr[3] ?? attr[4] ?? '']);
    }
    tags.push({ name: (match[1] ?? '').toLowerCase(), attributes });
  }
  return { tags, strayAngles: (html.replace(TAG, '').match(/</g) ?? []).length };
}

const ALLOWED_TAGS = new Set([
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 's', 'blockquote',
  'ul', 'ol', 'li', 'code', 'pre', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img',
]);
const ALLOWED_ATTRIBUTES = new Set(['href', 'title', 'rel', 'class', 'src', 'alt', 'start', 'align']);

function decodeAttribute(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&colon;/gi, ':')
    .replace(/&tab;|&newline;/gi, '')
    .replace(/&amp;/gi, '&')
    .replace(/[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]/g, '')
    .toLowerCase();
}

/** Every way the output could still run code, restyle the page or leak a click. */
function executableVectors(html: string): string[] {
  const found: string[] = [];
  if (/<(script|iframe|style|form|svg|math|object|embed|base|meta|link)\b/i.test(html)) found.push('dangerous tag');
  const { tags, strayAngles } = parseTags(html);
  if (strayAngles > 0) found.push('unparsed <');
  for (const tag of tags) {
    if (!ALLOWED_TAGS.has(tag.name)) found.push(`tag ${tag.name}`);
    for (const [name, value] of tag.attributes) {
      if (!ALLOWED_ATTRIBUTES.has(name)) found.push(`attribute ${tag.name} ${name}`);
      if (/^on/.test(name)) found.push(`event handler ${name}`);
      if (name === 'style') found.push('style attribute');
      if (name === 'href' || name === 'src') {
        const url = decodeAttribute(value);
        if (/^(javascript|vbscript|data|file):/.test(url)) found.push(`${name}=${url}`);
        if (/^[\\/]{2}/.test(url)) found.push(`protocol-relative ${name}=${url}`);
        if (name === 'src' && !/^https?:\/\//.test(url)) found.push(`image source ${url}`);
      }
      if (name === 'class' && !/^(mention|language-[\w+#.-]+)$/.test(value)) found.push(`class ${value}`);
    }
  }
  return found;
}

const hostileInputs: [string, string][] = [
  ['script tag', '<script>alert(1)</script>'],
  ['script tag, mixed case', '<ScRiPt>alert(1)</sCrIpT>'],
  ['script split over lines', '<scr\nipt>alert(1)</script>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['img onerror, quoted', '<img src="x" onerror="alert(document.cookie)">'],
  ['javascript: markdown link', '[x](javascript:alert(1))'],
  ['javascript: mixed case', '[x](JaVaScRiPt:alert(1))'],
  ['javascript: in angle brackets', '[x](<javascript:alert(1)>)'],
  ['javascript: with leading space', '[x]( javascript:alert(1))'],
  ['javascript: with a tab inside', '[x](java\tscript:alert(1))'],
  ['javascript: hex entity', '[x](jav&#x61;script:alert(1))'],
  ['javascript: decimal entity', '[x](&#106;avascript:alert(1))'],
  ['javascript: named colon entity', '[x](javascript&colon;alert(1))'],
  ['javascript: percent-encoded', '[x](javascript%3Aalert(1))'],
  ['javascript: autolink', '<javascript:alert(1)>'],
  ['javascript: bare text', 'javascript:alert(1)'],
  ['javascript: image', '![x](javascript:alert(1))'],
  ['javascript: with zero-width space', '[x](java\u200bscript:alert(1))'],
  ['javascript: with soft hyphen', '[x](java\u00adscript:alert(1))'],
  ['javascript: with null byte', '[x](java\u0000script:alert(1))'],
  ['vbscript: link', '[x](vbscript:msgbox(1))'],
  ['data: link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['data: image', '![x](data:image/png;base64,iVBORw0KGgo=)'],
  ['data: svg image', '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)'],
  ['file: link', '[x](file:///etc/passwd)'],
  ['protocol-relative link', '[x](//evil.example/steal)'],
  ['backslash protocol-relative link', '[x](/\\evil.example/steal)'],
  ['protocol-relative image', '![x](//evil.example/x.png)'],
  ['reference link with a bad URL', '[x][evil]\n\n[evil]: javascript:alert(1)'],
  ['reference image with a bad URL', '![x][evil]\n\n[evil]: data:image/png;base64,AAAA'],
  ['nested markdown links', '[a [b](javascript:alert(1)) c](https://ok.example)'],
  ['link title breaking out', '[x](https://ok.example "a\\" onmouseover=\\"alert(1)")'],
  ['image URL breaking out', '![x](https://ok.example/x.png"onerror="alert(1))'],
  ['iframe', '<iframe src="https://evil.example"></iframe>'],
  ['style tag', '<style>body{display:none}</style>'],
  ['svg onload', '<svg onload=alert(1)><circle/></svg>'],
  ['math with link', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>'],
  ['form', '<form action="https://evil.example"><input name=p><button>go</button></form>'],
  ['object and embed', '<object data="x.swf"></object><embed src="x.swf">'],
  ['base and meta', '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example">'],
  ['unclosed tags', '<img src=x onerror=alert(1) <b <script'],
  ['HTML comment', '<!-- <script>alert(1)</script> -->'],
  ['style attribute', '<p style="position:fixed;top:0">x</p>'],
  ['inline HTML in a table', '| a |\n|---|\n| <img src=x onerror=alert(1)> |'],
  ['code fence language breaking out', '```js" onmouseover="alert(1)\ncode\n```'],
  ['code fence with script', '```html\n<script>alert(1)</script>\n```'],
  ['script in link text', '[<script>alert(1)</script>](https://ok.example)'],
  ['autolink with quote', '<https://ok.example/"onmouseover="alert(1)>'],
  ['mention with hostile href', '@evil_user'],
  ['entity-encoded script tag', '&lt;script&gt;alert(1)&lt;/script&gt;'],
  ['deep blockquote nesting', `${'>'.repeat(5000)} deep`],
  ['deep list nesting', Array.from({ length: 500 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n')],
  ['many brackets', `${'['.repeat(5000)}x${']'.repeat(5000)}`],
  ['many emphasis markers', `${'*_'.repeat(5000)}x`],
];

describe('renderMarkdown', () => {
  describe('with hostile input', () => {
    it('uses a checker that does catch executable output', () => {
      expect(executableVectors('<a href="javascript:alert(1)">x</a>')).not.toEqual([]);
      expect(executableVectors('<a href="JaVa&#x53;cript:alert(1)">x</a>')).not.toEqual([]);
      expect(executableVectors('<img src="x" onerror="alert(1)">')).not.toEqual([]);
      expect(executableVectors('<img src="data:image/png;base64,AAAA">')).not.toEqual([]);
      expect(executableVectors('<p style="color:red">x</p>')).not.toEqual([]);
      expect(executableVectors('<svg><script>alert(1)</script></svg>')).not.toEqual([]);
      expect(executableVectors('<a href="//evil.example">x</a>')).not.toEqual([]);
      expect(executableVectors('<p>&lt;script&gt; style="x"</p>')).toEqual([]);
    });

    it.each(hostileInputs)('leaves nothing executable: %s', (_name, source) => {
      const { html } = renderMarkdown(source);
      expect(executableVectors(html)).toEqual([]);
    });

    // No timing here (tests never time things; on a loaded machine a time limit fails for
    // nothing): what guards against a pathological input is that its output is right.
    it('renders 5,000 alternating emphasis markers as one paragraph of single, unnested emphasis ending in the text', () => {
      const { html } = renderMarkdown(`${'*_'.repeat(5000)}x`);
      expect(html.startsWith('<p>')).toBe(true);
      expect(html.endsWith('x</p>\n')).toBe(true);
      expect(html).not.toMatch(/<(em|strong)>(<[^>]+>)*<(em|strong)>/);
      const text = html.replace(/<[^>]+>/g, '');
      expect(text).toMatch(/^[*_]+x\n$/);
      expect(text.length).toBeLessThanOrEqual(10_002);
      expect((html.match(/<em>/g) ?? []).length).toBe((html.match(/<\/em>/g) ?? []).length);
    });

    it('renders 5,000 unmatched brackets as the text they are', () => {
      expect(renderMarkdown(`${'['.repeat(5000)}x${']'.repeat(5000)}`).html).toBe(`<p>${'['.repeat(5000)}x${']'.repeat(5000)}</p>\n`);
    });

    it('checks every mention href it is given', () => {
      const { html, mentions } = renderMarkdown('hi @evil_user', { mentionHref: () => 'javascript:alert(1)' });
      expect(executableVectors(html)).toEqual([]);
      expect(html).toContain('>@evil_user</a>');
      expect(mentions).toEqual(['evil_user']);
    });

    it('shows raw HTML as text rather than dropping it', () => {
      const { html } = renderMarkdown('<b>bold?</b>');
      expect(html).toBe('<p>&lt;b&gt;bold?&lt;/b&gt;</p>\n');
    });

    it('keeps links with disallowed schemes as plain text', () => {
      const { html } = renderMarkdown('[x](javascript:alert(1)) [y](ftp://files.example/a)');
      expect(html).not.toContain('<a');
      expect(html).toContain('[x](javascript:alert(1))');
    });

    it('shows no image but our own uploads', () => {
      expect(renderMarkdown('![x](https://img.example/a.png)').html).not.toContain('<img');
      expect(renderMarkdown(`![x](/uploads/${'a'.repeat(64)}.svg)`).html).not.toContain('<img');
      expect(renderMarkdown('![x](/local.png)').html).not.toContain('<img');
      expect(renderMarkdown('![x](data:image/png;base64,AAAA)').html).not.toContain('<img');
      expect(renderMarkdown('![x](//evil.example/x.png)').html).not.toContain('<img');
    });

    it('replaces null bytes instead of passing them on', () => {
      const { html } = renderMarkdown('a\u0000b');
      expect(html).not.toContain('\u0000');
      expect(html).toContain('a\uFFFDb');
    });

    it('renders a body of the maximum length whole: every line\'s emphasis, link and mention', () => {
      const line = '走基层，转作风，改文风。**重点** [链接](https://example.com) @someone\n';
      const source = line.repeat(1000).slice(0, BODY_MAX_LENGTH);
      const whole = source.split('\n').filter((l) => `${l}\n` === line).length;
      const { html, mentions } = renderMarkdown(source);
      expect((html.match(/<strong>重点<\/strong>/g) ?? []).length).toBeGreaterThanOrEqual(whole);
      expect((html.match(/<a href="https:\/\/example.com"/g) ?? []).length).toBeGreaterThanOrEqual(whole);
      // The cut last line may end inside a mention (@some): that is a mention too.
      expect(mentions[0]).toBe('someone');
      expect(html.length).toBeGreaterThan(source.length);
    });
  });

  describe('formatting', () => {
    it('renders bold, emphasis and strikethrough', () => {
      expect(renderMarkdown('**粗** *斜* ~~删~~').html).toBe('<p><strong>粗</strong> <em>斜</em> <s>删</s></p>\n');
    });

    it('renders headings, quotes and rules', () => {
      const { html } = renderMarkdown('# 标题\n\n> 引用\n\n---');
      expect(html).toBe('<h1>标题</h1>\n<blockquote>\n<p>引用</p>\n</blockquote>\n<hr />\n');
    });

    it('renders bullet lists and ordered lists with their start', () => {
      expect(renderMarkdown('- 一\n- 二').html).toBe('<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n');
      expect(renderMarkdown('3. 三\n4. 四').html).toBe('<ol start="3">\n<li>三</li>\n<li>四</li>\n</ol>\n');
    });

    it('renders tables, carrying alignment in the align attribute', () => {
      const { html } = renderMarkdown('| 左 | 中 | 右 | 无 |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |');
      expect(html).toContain('<table>');
      expect(html).toContain('<th align="left">左</th>');
      expect(html).toContain('<th align="center">中</th>');
      expect(html).toContain('<td align="right">3</td>');
      expect(html).toContain('<td>4</td>');
      expect(html).not.toContain('style');
    });

    it('renders fenced code with its language class and escapes the code', () => {
      const { html } = renderMarkdown('```ts\nconst a = "<b>" && 1;\n```');
      expect(html).toBe('<pre><code class="language-ts">const a = "&lt;b&gt;" &amp;&amp; 1;\n</code></pre>\n');
    });

    it('drops a language class made of unexpected characters', () => {
      expect(renderMarkdown('```a"b\nx\n```').html).toBe('<pre><code>x\n</code></pre>\n');
    });

    it('renders Chinese text with a newline as a line break', () => {
      expect(renderMarkdown('第一行\n第二行').html).toBe('<p>第一行<br />\n第二行</p>\n');
    });

    it('renders our own uploads as lazy images with alt and title', () => {
      const src = `/uploads/${'a'.repeat(64)}.webp`;
      expect(renderMarkdown(`![图](${src} "题")`).html).toBe(
        `<p><img src="${src}" alt="图" title="题" loading="lazy" decoding="async" /></p>\n`,
      );
    });

    it('turns an image from another host into a link named by its alt text', () => {
      expect(renderMarkdown('![图](https://img.example/a.png "题")').html).toBe(
        '<p><a href="https://img.example/a.png" rel="nofollow ugc noopener">图</a></p>\n',
      );
      expect(renderMarkdown('![](https://img.example/a.png)').html).toContain('>https://img.example/a.png</a>');
    });
  });

  describe('links', () => {
    it('gives markdown links rel="nofollow ugc noopener" and no target', () => {
      const { html } = renderMarkdown('[站点](https://example.com "标题")');
      expect(html).toBe('<p><a href="https://example.com" title="标题" rel="nofollow ugc noopener">站点</a></p>\n');
    });

    it('keeps relative links', () => {
      expect(renderMarkdown('[话题](/t/42)').html).toBe('<p><a href="/t/42" rel="nofollow ugc noopener">话题</a></p>\n');
    });

    it('autolinks bare URLs and e-mail addresses', () => {
      const { html } = renderMarkdown('见 https://example.com/a?b=1 或 a@b.com');
      expect(html).toContain('<a href="https://example.com/a?b=1" rel="nofollow ugc noopener">https://example.com/a?b=1</a>');
      expect(html).toContain('<a href="mailto:a@b.com" rel="nofollow ugc noopener">a@b.com</a>');
    });

    it('ends an autolink where Chinese text follows the host name', () => {
      const { html } = renderMarkdown('访问https://example.cn吧');
      expect(html).toBe('<p>访问<a href="https://example.cn" rel="nofollow ugc noopener">https://example.cn</a>吧</p>\n');
    });

    it('keeps Chinese in the path of an autolink', () => {
      const { html } = renderMarkdown('https://example.com/路径，好');
      expect(html).toContain('href="https://example.com/%E8%B7%AF%E5%BE%84"');
      expect(html).toContain('</a>，好');
    });

    it('adds rel to mailto links', () => {
      expect(renderMarkdown('[信](mailto:a@b.com)').html).toContain('<a href="mailto:a@b.com" rel="nofollow ugc noopener">');
    });
  });

  describe('mentions', () => {
    it('links mentions and returns them lower-cased, distinct, in order', () => {
      const { html, mentions } = renderMarkdown('@Bob 你好，@alice_1 和 @bob 还有@zhang-san');
      expect(html).toBe(
        '<p><a href="/u/bob" class="mention" rel="nofollow ugc noopener">@Bob</a> 你好，' +
          '<a href="/u/alice_1" class="mention" rel="nofollow ugc noopener">@alice_1</a> 和 ' +
          '<a href="/u/bob" class="mention" rel="nofollow ugc noopener">@bob</a> 还有' +
          '<a href="/u/zhang-san" class="mention" rel="nofollow ugc noopener">@zhang-san</a></p>\n',
      );
      expect(mentions).toEqual(['bob', 'alice_1', 'zhang-san']);
    });

    it('uses mentionHref when given', () => {
      const { html } = renderMarkdown('@Carol', { mentionHref: (name) => `/people/${name}` });
      expect(html).toContain('<a href="/people/carol" class="mention"');
    });

    it('finds mentions in headings, lists, quotes and tables', () => {
      const { mentions } = renderMarkdown('# @aaa\n\n- @bbb\n\n> @ccc\n\n| @ddd |\n|---|\n| @eee |');
      expect(mentions).toEqual(['aaa', 'bbb', 'ccc', 'ddd', 'eee']);
    });

    it('ignores mentions in code spans and code blocks', () => {
      const { html, mentions } = renderMarkdown('`@inline`\n\n```\n@fenced\n```\n\n    @indented');
      expect(mentions).toEqual([]);
      expect(html).not.toContain('class="mention"');
    });

    it('ignores mentions inside link text and URLs', () => {
      const { mentions } = renderMarkdown('[@linked](https://x.example) https://x.example/@path <https://x.example/@auto>');
      expect(mentions).toEqual([]);
    });

    it('ignores e-mail addresses and word-attached @', () => {
      const { html, mentions } = renderMarkdown('a@b.com user@example.org foo@bar x@@yyy');
      expect(mentions).toEqual([]);
      expect(html).not.toContain('class="mention"');
    });

    it('ignores names that are too short or too long, and escaped @', () => {
      const { mentions } = renderMarkdown(`@ab @${'a'.repeat(33)} \\@escaped`);
      expect(mentions).toEqual([]);
    });

    it('accepts names of 3 and 32 characters', () => {
      const long = 'b'.repeat(32);
      expect(renderMarkdown(`@abc @${long}`).mentions).toEqual(['abc', long]);
    });

    it('stops a mention at punctuation', () => {
      expect(renderMarkdown('(@dave), @erin. @frank!').mentions).toEqual(['dave', 'erin', 'frank']);
    });

    it('does not add a mention to image alt text', () => {
      const { html, mentions } = renderMarkdown(`![@alt_user](/uploads/${'b'.repeat(64)}.png)`);
      expect(mentions).toEqual([]);
      expect(html).toContain('alt="@alt_user"');
    });
  });
});
