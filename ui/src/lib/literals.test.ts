// No words for people outside the catalogue (issue 30): a component's
// markup holds no text and no user-visible attribute (placeholder, title,
// aria-label, alt, label) written in a language, and the UI's scripts no
// sentence in quotes; every such word comes from `t()`. A new literal
// fails here with its file and its text. A script line that must keep its
// words (a language's own name) says so with `// i18n: keep (why)`.
import { describe, expect, it } from 'vitest';

const components = import.meta.glob('/src/**/*.svelte', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const scripts = import.meta.glob(['/src/**/*.ts', '!/src/**/*.test.ts', '!/src/lib/fake.ts', '!/src/lib/testing.ts', '!/src/lib/generated/**', '!/src/lib/hostile.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** Files still speaking English only; each leaves the list when it moves
 * to the catalogue, and the list only shrinks. */
const NOT_YET = new Set<string>([]);

/** `text` without its `{…}` expressions (nested braces and quoted strings in them kept whole). */
function withoutExpressions(text: string): string {
  let out = '';
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (depth > 0) {
      if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = null;
      } else if (c === "'" || c === '"' || c === '`') quote = c;
      else if (c === '{') depth++;
      else if (c === '}') depth--;
      continue;
    }
    if (c === '{') depth = 1;
    else out += c;
  }
  return out;
}

const WORDY = /\p{L}{2,}/u;
const VISIBLE_ATTRIBUTE = /\s(placeholder|title|aria-label|alt|label|aria-description|aria-roledescription)="([^"]*)"/g;

/** The literal words of a component's markup. */
function markupLiterals(source: string): string[] {
  const markup = withoutExpressions(
    source
      .replace(/<script[\s\S]*?<\/script>/g, '')
      .replace(/<style[\s\S]*?<\/style>/g, '')
      .replace(/<!--[\s\S]*?-->/g, ''),
  );
  const found: string[] = [];
  for (const tag of markup.matchAll(/<[a-zA-Z][^>]*>/g)) {
    for (const m of tag[0].matchAll(VISIBLE_ATTRIBUTE)) {
      // An address is an example, not words.
      if (WORDY.test(m[2]) && !/^https?:\/\/\S+$/.test(m[2])) found.push(`${m[1]}="${m[2]}"`);
    }
  }
  const text = markup.replace(/<[^>]*>/g, '\n').replace(/&[a-zA-Z]+;|&#\d+;/g, ' ');
  for (const line of text.split('\n')) if (WORDY.test(line)) found.push(line.trim());
  return found;
}

/** Sentences in quotes in a script: two words or more, not a selector, an import or a developer's error. */
function scriptLiterals(source: string): string[] {
  const found: string[] = [];
  for (const line of source.split('\n')) {
    const code = line.trim();
    if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*') || code.startsWith('import ')) continue;
    // A line may keep its words on purpose, saying so: `// i18n: keep (why)`.
    if (/console\.|new Error\(|querySelector|matchMedia|CustomEvent\(|i18n: keep/.test(code)) continue;
    for (const m of code.matchAll(/'([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)"|`([^`]*)`/g)) {
      const s = (m[1] ?? m[2] ?? m[3] ?? '').replace(/\$\{[^}]*\}/g, ' ');
      if (/\p{L}{2,}[\s\u00a0]+\p{L}/u.test(s)) found.push(s.trim());
    }
  }
  return found;
}

describe('Words for people', () => {
  const all = { ...components, ...scripts };
  for (const [path, source] of Object.entries(all)) {
    const file = path.replace(/^\//, '');
    const found = path.endsWith('.svelte')
      ? [...markupLiterals(source), ...scriptLiterals((/<script[^>]*>([\s\S]*?)<\/script>/.exec(source) ?? [])[1] ?? '')]
      : scriptLiterals(source);
    if (NOT_YET.has(file)) {
      it(`${file} is still to move to the catalogue`, () => {
        expect(found.length, `${file} has moved: take it off NOT_YET`).toBeGreaterThan(0);
      });
    } else {
      it(`${file} takes its words from the catalogue`, () => {
        expect(found).toEqual([]);
      });
    }
  }
});

// The app runs WebKit with a stand-in for its speech synthesiser
// (src-tauri/src/stand_in.rs): a page that asked it to speak would crash.
describe('No speech', () => {
  it('no component or script uses the page’s speech synthesis', () => {
    const speaking = Object.entries({ ...components, ...scripts })
      .filter(([, source]) => /speechSynthesis|SpeechSynthesisUtterance/.test(source))
      .map(([path]) => path);
    expect(speaking).toEqual([]);
  });
});
