// Search as the person types: debounced, newest answer only, a keyboard
// place among the hits.
import { asUiError, type Backend } from '../backend';
import type { SearchHit } from '../types';

export const DEBOUNCE_MS = 120;

export class Search {
  query = $state('');
  hits = $state<SearchHit[]>([]);
  active = $state(0);
  searched = $state(false);
  /** Why the last search failed (shown instead of "Searching…"), or null. */
  error = $state<string | null>(null);

  #backend: Backend;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #asked = 0;

  constructor(backend: Backend) {
    this.#backend = backend;
  }

  get open(): boolean {
    return this.query.trim() !== '';
  }

  /** Called on every keystroke; asks the core once typing pauses. */
  typed(query: string): void {
    this.query = query;
    clearTimeout(this.#timer);
    if (!query.trim()) {
      this.hits = [];
      this.searched = false;
      this.error = null;
      return;
    }
    this.#timer = setTimeout(() => this.#ask(query), DEBOUNCE_MS);
  }

  async #ask(query: string): Promise<void> {
    const asked = ++this.#asked;
    try {
      const hits = await this.#backend.search(query);
      // A slower answer to an older query never replaces a newer one.
      if (asked === this.#asked && query === this.query) {
        this.hits = hits;
        this.active = 0;
        this.searched = true;
        this.error = null;
      }
    } catch (e) {
      // A failed search says so: never "Searching…" for ever.
      if (asked === this.#asked) {
        this.hits = [];
        this.searched = true;
        this.error = asUiError(e).message;
      }
    }
  }

  move(by: number): void {
    if (this.hits.length === 0) return;
    this.active = Math.max(0, Math.min(this.hits.length - 1, this.active + by));
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.query = '';
    this.hits = [];
    this.searched = false;
    this.error = null;
  }
}
