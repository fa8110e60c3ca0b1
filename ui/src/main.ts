import { mount } from 'svelte';
import App from './App.svelte';
import { tauriBackend } from './lib/backend';
import { timeWordsLanguage, useTimeWords } from './lib/format';
import { pick, setLanguage } from './lib/i18n.svelte';
import { startTheme } from './lib/theme.svelte';
import './app.css';

// Every module above has run (the English catalogue parsed among them).
performance.mark('sb-script');
const target = document.getElementById('app');
if (target) {
  const backend = tauriBackend();
  startTheme();
  // Dates and times in the system's words, and the app's language (the
  // one chosen on this profile, else the system's), before anything is
  // written (English if the shell cannot say).
  const words = backend.timeWords().then(useTimeWords, () => undefined);
  const language = backend
    .language()
    .then((l) => {
      // The shell's words for dates are the system's language's.
      timeWordsLanguage(pick(l.system));
      return setLanguage(l.chosen ?? pick(l.system));
    })
    .catch(() => undefined);
  Promise.all([words, language]).finally(() => {
    performance.mark('sb-language');
    mount(App, { target, props: { backend } });
  });
}
