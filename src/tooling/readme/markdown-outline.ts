import GithubSlugger from 'github-slugger';
import { Lexer, type Token, type Tokens, walkTokens } from 'marked';

/** What a markdown page links to, and the `#anchors` it offers others. */
export interface MarkdownOutline {
  /** Every link target as written, in the order they appear (code blocks and code spans left out). */
  links: string[];
  /** The anchors GitHub makes for its headings (duplicates numbered), and any `<a id>` or `<a name>`. */
  anchors: Set<string>;
}

export function outlineMarkdown(markdown: string): MarkdownOutline {
  const tokens = new Lexer({ gfm: true }).lex(markdown);
  const slugger = new GithubSlugger();
  const links: string[] = [];
  const anchors = new Set<string>();
  walkTokens(tokens, (token) => {
    if (token.type === 'heading') anchors.add(slugger.slug(plainText((token as Tokens.Heading).tokens)));
    if (token.type === 'link' || token.type === 'image') links.push((token as Tokens.Link).href);
    if (token.type === 'html')
      for (const match of token.raw.matchAll(/<a\s[^>]*\b(?:id|name)="([^"]+)"/g))
        anchors.add(match[1] as string);
  });
  return { links, anchors };
}

// GitHub slugs a heading's rendered text: code spans keep their text, emphasis and links lose their marks.
function plainText(tokens: Token[]): string {
  return tokens
    .map((token) => {
      if ('tokens' in token && token.tokens) return plainText(token.tokens);
      if (token.type === 'codespan' || token.type === 'text' || token.type === 'escape') return token.text;
      return '';
    })
    .join('');
}
