import { mount } from 'svelte';
import App from './App.svelte';
import { tauriBackend } from './lib/backend';
import { useTimeWords } from './lib/format';
import './app.css';

const target = document.getElementById('app');
if (target) {
  const backend = tauriBackend();
  // Dates and times in the system's words before anything is written
  // (English if the shell cannot say).
  backend
    .timeWords()
    .then(useTimeWords, () => undefined)
    .finally(() => mount(App, { target, props: { backend } }));
}
