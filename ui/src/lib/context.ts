// The backend reaches components through context, never through props
// threaded down the tree: Tauri IPC in the app, the in-memory fake in tests.
import { getContext, setContext } from 'svelte';
import type { Backend } from './backend';

const KEY = Symbol('backend');

export function provideBackend(backend: Backend): void {
  setContext(KEY, backend);
}

export function useBackend(): Backend {
  const backend = getContext<Backend | undefined>(KEY);
  if (!backend) throw new Error('no backend in context: mount the app through App.svelte');
  return backend;
}
