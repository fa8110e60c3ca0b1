// The open thread's window of messages and its scrolling: at most WINDOW
// messages in the DOM however far the reader scrolls (older pages come in
// at the top and the newest leave at the bottom, and back), the place kept
// when a page comes in, the bottom kept only when the reader is there, and
// where the unread messages began. Thread.svelte draws it.
import { tick } from 'svelte';
import { asUiError, type Backend } from '../lib/backend';
import type { ConversationView, Cursor, ThreadItem } from '../lib/types';

/** The most messages in the DOM: two pages. */
export const WINDOW = 100;

const before = (a: Cursor, b: Cursor) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/** What the window reads from the component that shows it. */
export interface ThreadWindowHost {
  backend: Backend;
  conversation: () => ConversationView;
  /** Open at this message (a search hit), or the latest (null). */
  focusMessage: () => number | null;
  /** Leave a search hit's place for the latest messages. */
  onLatest: () => void;
  /** Something failed: say why. */
  onError: (message: string) => void;
}

export class ThreadWindow {
  shown = $state<ThreadItem[]>([]);
  /** Where the window's older and newer neighbours start (null: none). */
  older = $state<Cursor | null>(null);
  newer = $state<Cursor | null>(null);
  /** The window ends with the newest message (sync rounds refresh it). */
  atLatest = $state(true);
  /** The first message that was unread when the conversation was opened. */
  firstUnread = $state<string | null>(null);
  /** The scrolling element (bound by the component). */
  scroller: HTMLElement | undefined = $state();

  #host: ThreadWindowHost;
  #paging = false;
  #unreadMarked = false;
  /** Only the latest load lands (an older one may answer after it). */
  #loads = 0;

  constructor(host: ThreadWindowHost) {
    this.#host = host;
  }

  #atBottom(): boolean {
    const el = this.scroller;
    return !el || el.scrollHeight - el.scrollTop - el.clientHeight < 40;
  }

  /** The newest page (kept under the older part already shown), or a
   * search hit's place. */
  async load(): Promise<void> {
    const seq = ++this.#loads;
    const { backend } = this.#host;
    const conversation = this.#host.conversation();
    const focus = this.#host.focusMessage();
    try {
      if (focus !== null) {
        const w = await backend.threadAround(conversation.id, focus);
        if (seq !== this.#loads) return;
        this.shown = w.items;
        this.older = w.older;
        this.newer = w.newer;
        this.atLatest = w.newer === null;
        await tick();
        this.scroller?.querySelector('[data-target="true"]')?.scrollIntoView?.({ block: 'center' });
        return;
      }
      if (!this.atLatest) return;
      const page = await backend.thread(conversation.id);
      if (seq !== this.#loads) return;
      const stick = this.#atBottom();
      // Keep the older part already shown above the newest page.
      const first = page.items.find((i) => i.cursor)?.cursor;
      const keep = first ? this.shown.filter((i) => i.cursor && before(i.cursor, first)) : [];
      let next = [...keep, ...page.items];
      if (stick && next.length > WINDOW) {
        // Messages keep coming while the reader stays at the bottom: the
        // oldest leave the top, as when reading down.
        next = next.slice(next.length - WINDOW);
        this.older = next.find((i) => i.cursor)?.cursor ?? page.older;
      } else if (keep.length === 0) this.older = page.older;
      this.shown = next;
      this.newer = null;
      this.#markFirstUnread(conversation, page.items);
      if (stick) {
        await tick();
        if (this.scroller) this.scroller.scrollTop = this.scroller.scrollHeight;
      }
    } catch (e) {
      this.#host.onError(asUiError(e).message);
    }
  }

  /** Once per opening: where the unread messages begin, if all are shown. */
  #markFirstUnread(conversation: ConversationView, items: ThreadItem[]) {
    if (this.#unreadMarked) return;
    this.#unreadMarked = true;
    const inbound = items.filter((m) => m.direction === 'inbound');
    if (conversation.unread > 0 && conversation.unread <= inbound.length) {
      this.firstUnread = inbound[inbound.length - conversation.unread]?.key ?? null;
    }
  }

  /** Runs `change` keeping the message at the top of the view where it is. */
  async #keepPlace(change: () => void) {
    const el = this.scroller;
    const anchor = el
      ? Array.from(el.querySelectorAll<HTMLElement>('[data-key]')).find((e) => e.offsetTop + e.offsetHeight > el.scrollTop)
      : undefined;
    const key = anchor?.dataset.key;
    const offset = anchor && el ? anchor.offsetTop - el.scrollTop : 0;
    change();
    await tick();
    const again = key && el ? el.querySelector<HTMLElement>(`[data-key="${key}"]`) : null;
    if (el && again) el.scrollTop = again.offsetTop - offset;
  }

  /** The page before the window; past WINDOW the newest leave it. */
  loadOlder = async (): Promise<void> => {
    if (!this.older || this.#paging) return;
    this.#paging = true;
    try {
      const page = await this.#host.backend.thread(this.#host.conversation().id, this.older);
      await this.#keepPlace(() => {
        let next = [...page.items, ...this.shown];
        if (next.length > WINDOW) {
          next = next.slice(0, WINDOW);
          this.newer = [...next].reverse().find((i) => i.cursor)?.cursor ?? null;
          this.atLatest = false;
        }
        this.shown = next;
        this.older = page.older;
      });
    } catch (e) {
      this.#host.onError(asUiError(e).message);
    } finally {
      this.#paging = false;
    }
    this.#scrolledOn();
  };

  /** The page after the window; past WINDOW the oldest leave it. */
  loadNewer = async (): Promise<void> => {
    if (!this.newer || this.#paging) return;
    this.#paging = true;
    try {
      const w = await this.#host.backend.threadNewer(this.#host.conversation().id, this.newer);
      await this.#keepPlace(() => {
        let next = [...this.shown, ...w.items];
        if (next.length > WINDOW) {
          next = next.slice(next.length - WINDOW);
          this.older = next.find((i) => i.cursor)?.cursor ?? null;
        }
        this.shown = next;
        this.newer = w.newer;
      });
      if (this.newer === null && this.#host.focusMessage() === null) {
        // Back at the end: the newest page again, with replies still queued.
        this.atLatest = true;
        await this.load();
      }
    } catch (e) {
      this.#host.onError(asUiError(e).message);
    } finally {
      this.#paging = false;
    }
    this.#scrolledOn();
  };

  /** The reader may have scrolled on while a page came in (only where
   * there is a layout to measure). */
  #scrolledOn() {
    if (this.scroller && this.scroller.clientHeight > 0) this.scrolled();
  }

  /** Leaves a search hit's place or a far scroll for the newest messages. */
  jumpLatest = async (): Promise<void> => {
    this.shown = [];
    this.older = null;
    this.newer = null;
    this.atLatest = true;
    if (this.#host.focusMessage() !== null) this.#host.onLatest();
    else await this.load();
    await tick();
    if (this.scroller) this.scroller.scrollTop = this.scroller.scrollHeight;
  };

  /** Near the top: the older page; near the bottom: the newer one. */
  scrolled = (): void => {
    const el = this.scroller;
    if (!el) return;
    if (el.scrollTop < 150) this.loadOlder();
    else if (this.newer && el.scrollHeight - el.scrollTop - el.clientHeight < 150) this.loadNewer();
  };

  /** Shows the message a reply quotes, when it is in the window. */
  showQuoted = (key: string): void => {
    const el = [...(this.scroller?.querySelectorAll<HTMLElement>('[data-key]') ?? [])].find((e) => e.dataset.key === key);
    if (!el) return;
    el.scrollIntoView({ block: 'center' });
    el.classList.add('target');
    setTimeout(() => el.classList.remove('target'), 1500);
  };
}
