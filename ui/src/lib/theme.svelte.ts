// Light or dark: the system's choice unless the agent picks one in the
// app (kept in the web view's storage on this computer). The page's
// `data-theme` says which applies now; app.css colours by it.

export type Theme = 'system' | 'light' | 'dark';

const KEY = 'switchboard.theme';

class Chosen {
  theme = $state<Theme>('system');
}
const chosen = new Chosen();

function systemDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}

/** Puts the theme that applies on the page. */
function apply(): void {
  if (typeof document === 'undefined') return;
  const dark = chosen.theme === 'dark' || (chosen.theme === 'system' && systemDark());
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

/** The agent's choice. */
export function theme(): Theme {
  return chosen.theme;
}

/** Chooses the theme (kept for the next start) and applies it at once. */
export function setTheme(theme: Theme): void {
  chosen.theme = theme;
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // No storage (a private window): the choice lasts until the app closes.
  }
  apply();
}

/** Reads the kept choice and follows the system's changes while it is `system`. */
export function startTheme(): void {
  let kept: string | null = null;
  try {
    kept = localStorage.getItem(KEY);
  } catch {
    kept = null;
  }
  chosen.theme = kept === 'light' || kept === 'dark' ? kept : 'system';
  apply();
  if (typeof matchMedia === 'function') matchMedia('(prefers-color-scheme: dark)').addEventListener('change', apply);
}
