// Texts a hostile customer (or a careless template author) could send: the
// UI must show each as text (nothing runs, no element is injected, nothing
// navigates, the layout holds). The list is JSON so the end-to-end run of
// the real app (tests/tests/desktop_app.rs) uses the same one.
import corpus from './hostile.json';

export const HOSTILE: string[] = corpus;
