// Choices sent with a question (reply buttons or a list), checked as the
// core and the hub check them (`ChoicesSend::check` in the protocol crate),
// so the composer says what is wrong while the agent types.
import { quantity } from './format';
import { t } from './i18n.svelte';
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
  if (!text.trim()) return t('composer-problem-no-question');
  const most = list ? MAX_LIST_TEXT : MAX_BUTTONS_TEXT;
  if (chars(text) > most)
    return t(list ? 'composer-problem-question-long-list' : 'composer-problem-question-long-buttons', { count: quantity(most) });
  if (list) {
    const label = (choices.list ?? '').trim();
    if (chars(label) < 1 || chars(label) > MAX_BUTTON_CHARS || CONTROL.test(label))
      return t('composer-problem-list-label', { min: quantity(1), count: quantity(MAX_BUTTON_CHARS) });
  }
  const titles = choices.options.map((o) => o.trim());
  const limit = list ? MAX_LIST_ROWS : MAX_BUTTONS;
  if (titles.length < 1 || titles.length > limit)
    return t(list ? 'composer-problem-rows' : 'composer-problem-buttons', { min: quantity(1), count: quantity(limit) });
  const longest = list ? MAX_ROW_CHARS : MAX_BUTTON_CHARS;
  const bad = titles.findIndex((title) => chars(title) < 1 || chars(title) > longest || CONTROL.test(title));
  if (bad >= 0)
    return t(list ? 'composer-problem-row' : 'composer-problem-button', {
      number: quantity(bad + 1),
      min: quantity(1),
      count: quantity(longest),
    });
  const seen = new Set<string>();
  for (const title of titles) {
    const key = title.toLowerCase();
    if (seen.has(key)) return t('composer-problem-twice', { choice: title });
    seen.add(key);
  }
  return null;
}

/** The choices as they are sent: titles trimmed, an empty label dropped for buttons. */
export function trimmedChoices(choices: ChoicesSend): ChoicesSend {
  const options = choices.options.map((o) => o.trim());
  return choices.list !== undefined && choices.list !== null ? { list: choices.list.trim(), options } : { options };
}
