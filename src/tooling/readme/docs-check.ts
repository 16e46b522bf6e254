import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { outlineMarkdown } from './markdown-outline.ts';

const ABSOLUTE = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/**
 * What is wrong with one markdown page of the repository: relative links to files that do not exist,
 * `#anchors` no heading of the target page makes, and `npm run <script>` or `npm start|test` commands
 * package.json does not define. Each problem is one line naming the page and the link or command.
 */
export function checkDocPage(root: string, page: string, scripts: ReadonlySet<string>): string[] {
  const text = readFileSync(path.join(root, page), 'utf8');
  return [...brokenLinks(root, page, text), ...unknownScripts(page, text, scripts)];
}

function brokenLinks(root: string, page: string, text: string): string[] {
  const problems: string[] = [];
  const anchorsOf = new Map<string, Set<string>>();
  for (const link of outlineMarkdown(text).links) {
    if (ABSOLUTE.test(link)) continue;
    const [target = '', anchor] = link.split('#', 2);
    const file = target === '' ? page : path.posix.join(path.posix.dirname(page), decodeURIComponent(target));
    if (file.startsWith('..') || path.isAbsolute(file)) {
      problems.push(`${page}: ${link} points outside the repository`);
      continue;
    }
    if (!existsSync(path.join(root, file))) {
      problems.push(`${page}: ${link} points to ${file}, which does not exist`);
      continue;
    }
    if (anchor === undefined || !file.endsWith('.md')) continue;
    let anchors = anchorsOf.get(file);
    if (!anchors) {
      anchors = outlineMarkdown(readFileSync(path.join(root, file), 'utf8')).anchors;
      anchorsOf.set(file, anchors);
    }
    if (!anchors.has(decodeURIComponent(anchor)))
      problems.push(`${page}: ${link} names #${anchor}, which no heading of ${file} makes`);
  }
  return problems;
}

function unknownScripts(page: string, text: string, scripts: ReadonlySet<string>): string[] {
  const named = [...text.matchAll(/\bnpm (?:run(?:-script)? ([\w:.-]+)|(start|test)\b)/g)].map(
    (match) => (match[1] ?? match[2]) as string,
  );
  return [...new Set(named)]
    .filter((script) => !scripts.has(script))
    .map((script) => `${page}: names npm script "${script}", which package.json does not define`);
}
