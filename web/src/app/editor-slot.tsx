/**
 * Where the workflow editor (web/src/editor/EditorPage.tsx) is mounted at
 * `#/workflows/editor/<trigger_id>`. The editor is the app's heaviest page, so it lives in its own
 * chunk: the sign-in page and the index pages do not wait for it. Once someone is signed in,
 * `preloadEditorWhenIdle` fetches and evaluates that chunk while the browser is idle.
 *
 * The slot does not use `React.lazy` + `Suspense`: React holds back the content that replaces a
 * Suspense fallback for up to 300 ms (to batch reveals), which was most of the first open of a
 * 200-node workflow (docs/benchmarks.md, "Editor"). A loaded chunk renders at once; a chunk
 * still loading shows a status line until it arrives.
 */
import { type ComponentType, useEffect, useState } from 'react'

type EditorPage = ComponentType<{ triggerId: string }>

let loaded: EditorPage | undefined
let loading: Promise<EditorPage> | undefined

/** Loads the editor's chunk once; later calls share the same load. */
export function loadEditor(): Promise<EditorPage> {
  loading ??= import('../editor/EditorPage.tsx').then(
    (module) => {
      loaded = module.EditorPage
      return loaded
    },
    (error: unknown) => {
      // Forget the failure, so that opening the editor again tries again.
      loading = undefined
      throw error
    },
  )
  return loading
}

/** Asks for the editor's chunk when the browser has nothing else to do. */
export function preloadEditorWhenIdle(): void {
  const preload = () => void loadEditor().catch(() => {})
  if ('requestIdleCallback' in window) window.requestIdleCallback(preload, { timeout: 2000 })
  else setTimeout(preload, 200)
}

/** The editor for `triggerId`. */
export function EditorSlot({ triggerId }: { triggerId: string }) {
  const [page, setPage] = useState<EditorPage | undefined>(() => loaded)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    if (page) return
    let isCurrent = true
    loadEditor().then(
      (component) => isCurrent && setPage(() => component),
      (failure: unknown) => isCurrent && setError(failure),
    )
    return () => {
      isCurrent = false
    }
  }, [page])
  if (error) return <p role="alert">The editor could not be loaded: {String(error)}</p>
  if (!page) return <p role="status">Loading the editor…</p>
  const Page = page
  return <Page key={triggerId} triggerId={triggerId} />
}
