/**
 * A minimal external store (no state library is installed): components subscribe to the slice
 * they read through `useStore(store, selector)`, so a node component re-renders only when its own
 * node changes (STYLE.md, editor section). Selectors must return stable values.
 */
import { useSyncExternalStore } from 'react'

/** A store of `T` with immutable updates. */
export interface Store<T> {
  get(): T
  set(update: (state: T) => T): void
  subscribe(listener: () => void): () => void
}

/** Creates a store holding `initial`. */
export function createStore<T>(initial: T): Store<T> {
  let state = initial
  const listeners = new Set<() => void>()
  return {
    get: () => state,
    set(update) {
      const next = update(state)
      if (next === state) return
      state = next
      for (const listener of listeners) listener()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/** Reads `selector(state)` and re-renders when it changes (by `Object.is`). */
export function useStore<T, S>(store: Store<T>, selector: (state: T) => S): S {
  return useSyncExternalStore(store.subscribe, () => selector(store.get()))
}
