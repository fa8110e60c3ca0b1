import { describe, expect, it, vi } from 'vitest';
import type { Backend } from '../backend';
import { Search } from './search.svelte';

describe('Search', () => {
  // Regression (issue 25.0): a failed search stayed "Searching…" for ever.
  it('says why a search failed instead of searching for ever', async () => {
    const backend = {
      search: vi.fn(async () => {
        throw { code: 'store', message: 'the local store could not search' };
      }),
    } as unknown as Backend;
    const search = new Search(backend);
    search.typed('pedido entrega');
    await vi.waitFor(() => expect(search.error).toBe('the local store could not search'));
    expect(search.searched).toBe(true);
    expect(search.hits).toEqual([]);
    search.clear();
    expect(search.error).toBeNull();
  });

  it('clears the error when a later search answers', async () => {
    let fail = true;
    const backend = {
      search: vi.fn(async () => {
        if (fail) throw { code: 'store', message: 'broken' };
        return [];
      }),
    } as unknown as Backend;
    const search = new Search(backend);
    search.typed('a');
    await vi.waitFor(() => expect(search.error).toBe('broken'));
    fail = false;
    search.typed('ab');
    await vi.waitFor(() => expect(search.error).toBeNull());
    expect(search.searched).toBe(true);
  });
});
