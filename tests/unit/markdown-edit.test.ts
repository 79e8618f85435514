import { describe, expect, it } from 'vitest';
import { insertBlock, insertLink, joinDraft, photoMarkdown, prefixLines, wrapSelection, type TextSelection } from '../../web/text/markdown-edit';

/** The text with the selection marked by brackets, to read a result at a glance. */
function marked({ text, start, end }: TextSelection): string {
  return `${text.slice(0, start)}[${text.slice(start, end)}]${text.slice(end)}`;
}

describe('wrapSelection', () => {
  it('wraps the selected text and keeps it selected', () => {
    expect(marked(wrapSelection({ text: '走基层转作风', start: 3, end: 6 }, '**', '**', '粗体'))).toBe('走基层**[转作风]**');
  });

  it('inserts the placeholder, selected, where nothing is selected', () => {
    expect(marked(wrapSelection({ text: 'ab', start: 1, end: 1 }, '**', '**', 'bold'))).toBe('a**[bold]**b');
  });
});

describe('prefixLines', () => {
  it('prefixes every line the selection touches, from the start of the first', () => {
    const text = 'one\ntwo\nthree';
    expect(marked(prefixLines({ text, start: 1, end: 5 }, '> ', 'quote'))).toBe('[> one\n> two]\nthree');
  });

  it('does not take in the line after a selection that ends on a line break', () => {
    const text = 'one\ntwo\n';
    expect(prefixLines({ text, start: 0, end: 4 }, '- ', 'item').text).toBe('- one\ntwo\n');
  });

  it('puts the placeholder on an empty line', () => {
    expect(marked(prefixLines({ text: 'a\n\nb', start: 2, end: 2 }, '- ', 'item'))).toBe('a\n[- item]\nb');
  });
});

describe('insertLink', () => {
  it('makes selected text the label and selects the address to type', () => {
    expect(marked(insertLink({ text: '见石室乡', start: 1, end: 4 }, 'text'))).toBe('见[石室乡]([https://])');
  });

  it('makes a selected address the target and selects the label to type', () => {
    const text = 'see https://example.org/a';
    expect(marked(insertLink({ text, start: 4, end: text.length }, '链接文字'))).toBe('see [[链接文字]](https://example.org/a)');
  });

  it('inserts the placeholder as the label where nothing is selected', () => {
    expect(insertLink({ text: '', start: 0, end: 0 }, 'text').text).toBe('[text](https://)');
  });
});

describe('insertBlock', () => {
  it('starts a new paragraph after text and puts the cursor after the block', () => {
    const result = insertBlock({ text: 'hello', start: 5, end: 5 }, '> quoted');
    expect(result.text).toBe('hello\n\n> quoted\n\n');
    expect(result.start).toBe(result.text.length);
    expect(result.end).toBe(result.start);
  });

  it('adds no blank line at the start of the text or after one', () => {
    expect(insertBlock({ text: '', start: 0, end: 0 }, 'x').text).toBe('x\n\n');
    expect(insertBlock({ text: 'a\n\n', start: 3, end: 3 }, 'x').text).toBe('a\n\nx\n\n');
    expect(insertBlock({ text: 'a\n', start: 2, end: 2 }, 'x').text).toBe('a\n\nx\n\n');
  });

  it('replaces the selection and keeps the text after it', () => {
    expect(insertBlock({ text: 'a SEL b', start: 2, end: 5 }, 'x').text).toBe('a \n\nx\n\n b');
  });
});

describe('joinDraft', () => {
  it('takes the draft when nothing is typed', () => {
    expect(joinDraft('草稿', '  ')).toBe('草稿');
  });

  it('keeps a quote typed before the draft arrived after the draft', () => {
    expect(joinDraft('草稿\n\n', '> 引用')).toBe('草稿\n\n> 引用');
  });

  it('keeps the typed text for an empty draft or the same text', () => {
    expect(joinDraft('', 'typed')).toBe('typed');
    expect(joinDraft('same', 'same')).toBe('same');
  });
});

describe('photoMarkdown', () => {
  const url = `/uploads/${'a'.repeat(64)}.jpg`;

  it('uses the file name without its extension as alt text', () => {
    expect(photoMarkdown(url, 'IMG_2034.JPG', '照片')).toBe(`![IMG_2034](${url})`);
    expect(photoMarkdown(url, '村口的老樟树.webp', '照片')).toBe(`![村口的老樟树](${url})`);
    expect(photoMarkdown(url, 'report.2012.final.png', 'photo')).toBe(`![report.2012.final](${url})`);
  });

  it('falls back to the localised word when the file has no name worth saying', () => {
    expect(photoMarkdown(url, '', '照片')).toBe(`![照片](${url})`);
    expect(photoMarkdown(url, '.jpg', 'photo')).toBe(`![photo](${url})`);
    expect(photoMarkdown(url, '   ', 'photo')).toBe(`![photo](${url})`);
  });

  it('falls back too for the names a paste or a share gives a photo that has none', () => {
    for (const name of ['image.png', 'Image.PNG', 'blob', 'clipboard.jpg', 'Pasted image 20261202153011.png', 'pasted_graphic.png', 'untitled.jpeg']) {
      expect(photoMarkdown(url, name, '照片')).toBe(`![照片](${url})`);
    }
    // A real name that merely starts like one is kept.
    expect(photoMarkdown(url, 'image of the bridge.jpg', 'photo')).toBe(`![image of the bridge](${url})`);
    expect(photoMarkdown(url, 'IMG_0001.jpg', 'photo')).toBe(`![IMG_0001](${url})`);
  });

  it('keeps brackets, backslashes and line breaks of the name out of the markdown syntax', () => {
    expect(photoMarkdown(url, 'a]b[c\\d.jpg', 'photo')).toBe(`![a\\]b\\[c\\\\d](${url})`);
    expect(photoMarkdown(url, 'two\nlines\u0000.png', 'photo')).toBe(`![two lines](${url})`);
  });
});
