/**
 * The error of a workflow page, with the way out when it is MISP's gate ("The workflow plugin
 * must be enabled…", spec/ENGINE.md §6.1): a link to the Settings page, where the switch is.
 */
import { ErrorAlert } from '../app/ui.tsx'

/** An error alert; for the workflow gate, followed by a link to the settings. */
export function WorkflowError({ error }: { error: unknown }) {
  if (!error) return null
  const isGate = error instanceof Error && /Plugin\.Workflow/.test(error.message)
  return (
    <>
      <ErrorAlert error={error} />
      {isGate ? (
        <p>
          <a href="#/settings">Turn workflows on in the settings</a>
        </p>
      ) : null}
    </>
  )
}
