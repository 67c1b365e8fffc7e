/**
 * Where the workflow editor (web/src/editor/EditorPage.tsx, built separately) is mounted at
 * `#/workflows/editor/<trigger_id>`. It is loaded lazily, in its own chunk, through
 * `import.meta.glob`, so the shell builds and runs while the editor does not exist yet: then this
 * slot says so instead of failing.
 */
import { type ComponentType, lazy, Suspense } from 'react'

type EditorModule = { EditorPage: ComponentType<{ triggerId: string }> }

const found = import.meta.glob<EditorModule>('../editor/EditorPage.tsx')
const load = Object.values(found)[0]
const LazyEditor = load ? lazy(() => load().then((module) => ({ default: module.EditorPage }))) : null

/** The editor for `triggerId`, or a note when the editor is not part of this build. */
export function EditorSlot({ triggerId }: { triggerId: string }) {
  if (!LazyEditor) {
    return (
      <section aria-label="Workflow editor">
        <h1>Workflow: {triggerId}</h1>
        <p role="status">The workflow editor is not part of this build.</p>
      </section>
    )
  }
  return (
    <Suspense fallback={<p role="status">Loading the editor…</p>}>
      <LazyEditor key={triggerId} triggerId={triggerId} />
    </Suspense>
  )
}
