// The catalogue's checks (issue 30): every language has every message of
// English and no other, each file parses whole, each translation uses the
// placeables English gives it (and no other), and every message formats
// without an error in every language.
import { describe, expect, it } from 'vitest';
import { FluentBundle, FluentResource } from '@fluent/bundle';
import { LANGUAGES } from './i18n.svelte';

const files = import.meta.glob('../locales/*/*.ftl', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** `language → area → source`. */
const byLanguage = new Map<string, Map<string, string>>();
for (const [path, source] of Object.entries(files)) {
  const [language, file] = path.split('/').slice(-2);
  if (!byLanguage.has(language)) byLanguage.set(language, new Map());
  byLanguage.get(language)?.set(file, source);
}

/** Each message of a source with its text (value and variants), by id. */
function messages(source: string): Map<string, string> {
  const out = new Map<string, string>();
  let id: string | null = null;
  for (const line of source.split('\n')) {
    const head = /^([a-zA-Z][\w-]*)\s*=(.*)$/.exec(line);
    if (head) {
      id = head[1];
      out.set(id, head[2]);
    } else if (id && /^\s/.test(line)) {
      out.set(id, `${out.get(id)}\n${line}`);
    } else if (!line.startsWith('#') && line.trim() !== '') {
      id = null;
    }
  }
  return out;
}

const placeables = (text: string) => new Set([...text.matchAll(/\{\s*\$([a-zA-Z][\w-]*)/g)].map((m) => m[1]));

describe('The catalogue', () => {
  const english = byLanguage.get('en') ?? new Map();

  it('has a folder for every language the app offers, and no other', () => {
    expect([...byLanguage.keys()].sort()).toEqual(LANGUAGES.map((l) => l.code).sort());
    expect(english.size).toBeGreaterThan(0);
  });

  for (const { code } of LANGUAGES) {
    it(`${code}: every file and message of English, parsed whole, each placeable used`, () => {
      const theirs = byLanguage.get(code) ?? new Map();
      expect([...theirs.keys()].sort(), 'the same files').toEqual([...english.keys()].sort());
      const b = new FluentBundle(code, { useIsolating: false });
      const problems: string[] = [];
      for (const [file, source] of theirs) {
        for (const e of b.addResource(new FluentResource(source))) problems.push(`${file}: ${e.message}`);
        const want = messages(english.get(file) ?? '');
        const have = messages(source);
        for (const id of want.keys()) if (!have.has(id)) problems.push(`${file}: missing ${id}`);
        for (const id of have.keys()) {
          if (!want.has(id)) problems.push(`${file}: ${id} is not in English`);
          // A line the parser skipped (a syntax error) leaves no message.
          else if (!b.hasMessage(id)) problems.push(`${file}: ${id} does not parse`);
          const wanted = [...placeables(want.get(id) ?? '')].sort();
          const used = [...placeables(have.get(id) ?? '')].sort();
          if (JSON.stringify(wanted) !== JSON.stringify(used)) {
            problems.push(`${file}: ${id} uses {${used.join(', ')}}, English {${wanted.join(', ')}}`);
          }
          const message = b.getMessage(id);
          if (message?.value) {
            const args = Object.fromEntries(wanted.map((p) => [p, 2]));
            const errors: Error[] = [];
            const text = b.formatPattern(message.value, args, errors);
            if (errors.length > 0) problems.push(`${file}: ${id}: ${errors.map((e) => e.message).join('; ')}`);
            if (!text.trim()) problems.push(`${file}: ${id} is empty`);
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
