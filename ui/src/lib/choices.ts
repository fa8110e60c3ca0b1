// Choices sent with a question (reply buttons or a list), checked as the
// core and the hub check them (`ChoicesSend::check` in the protocol crate),
// so the composer says what is wrong while the agent types.
import type { ChoicesSend } from './types';

/** WhatsApp's limits for interactive messages. */
export const MAX_BUTTONS = 3;
export const MAX_LIST_ROWS = 10;
export const MAX_BUTTON_CHARS = 20;
export const MAX_ROW_CHARS = 24;
export const MAX_BUTTONS_TEXT = 1024;
export const MAX_LIST_TEXT = 4096;

const chars = (s: string) => [...s].length;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/** What is wrong with `choices` under `text`, or null when they can be sent. */
export function choicesProblem(text: string, choices: ChoicesSend): string | null {
  const list = choices.list !== undefined && choices.list !== null;
  if (!text.trim()) return 'Write the question the choices answer.';
  const most = list ? MAX_LIST_TEXT : MAX_BUTTONS_TEXT;
  if (chars(text) > most) return `A question with ${list ? 'a list' : 'reply buttons'} is at most ${most} characters.`;
  if (list) {
    const label = (choices.list ?? '').trim();
    if (chars(label) < 1 || chars(label) > MAX_BUTTON_CHARS || CONTROL.test(label))
      return `The list's button label is 1 to ${MAX_BUTTON_CHARS} characters.`;
  }
  const titles = choices.options.map((o) => o.trim());
  const limit = list ? MAX_LIST_ROWS : MAX_BUTTONS;
  if (titles.length < 1 || titles.length > limit)
    return list ? `A list has 1 to ${MAX_LIST_ROWS} rows.` : `A message has 1 to ${MAX_BUTTONS} reply buttons.`;
  const longest = list ? MAX_ROW_CHARS : MAX_BUTTON_CHARS;
  const bad = titles.findIndex((t) => chars(t) < 1 || chars(t) > longest || CONTROL.test(t));
  if (bad >= 0) return `${list ? 'Row' : 'Button'} ${bad + 1}: 1 to ${longest} characters, on one line.`;
  const seen = new Set<string>();
  for (const t of titles) {
    const key = t.toLowerCase();
    if (seen.has(key)) return `“${t}” is there twice: each choice is different.`;
    seen.add(key);
  }
  return null;
}

/** The choices as they are sent: titles trimmed, an empty label dropped for buttons. */
export function trimmedChoices(choices: ChoicesSend): ChoicesSend {
  const options = choices.options.map((o) => o.trim());
  return choices.list !== undefined && choices.list !== null ? { list: choices.list.trim(), options } : { options };
}
