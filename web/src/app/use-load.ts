/**
 * Loading data for a page: `useLoad(fn, deps)` runs `fn` when `deps` change and on `reload()`,
 * and answers `{data, error, isLoading}`. An answer that arrives after a newer request started
 * is dropped, so a fast typist never sees stale results.
 */
import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react'

/** The state of one load. */
export interface Load<T> {
  data: T | undefined
  error: Error | undefined
  isLoading: boolean
  reload(): void
}

/** Runs `fn` now and whenever `deps` change. */
export function useLoad<T>(fn: () => Promise<T>, deps: DependencyList): Load<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; isLoading: boolean }>({ isLoading: true })
  const [tick, setTick] = useState(0)
  const latest = useRef(0)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names the dependencies, as with useEffect.
  useEffect(() => {
    const request = ++latest.current
    setState((previous) => ({ ...previous, isLoading: true }))
    fn().then(
      (data) => request === latest.current && setState({ data, isLoading: false }),
      (error: Error) => request === latest.current && setState({ error, isLoading: false }),
    )
  }, [...deps, tick])
  const reload = useCallback(() => setTick((value) => value + 1), [])
  return { data: state.data, error: state.error, isLoading: state.isLoading, reload }
}
