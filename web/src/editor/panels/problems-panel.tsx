/**
 * The problems list (spec/UI.md §6 item 3): every error and warning in words, with a button
 * that selects and shows the node concerned. Errors say that they block saving.
 */
import { useEditor, useEditorHandle } from '../state/editor-context.ts'

/** Props: how to bring a node into view. */
export function ProblemsPanel({ onReveal }: { onReveal(key: string): void }) {
  const local = useEditor((state) => state.problems)
  const server = useEditor((state) => state.serverCheck)
  const problems = server.problems.length > 0 ? [...local, ...server.problems] : local
  const { dispatch } = useEditorHandle()
  return (
    <section className="sl-panel" aria-label="Problems">
      <h2>Problems ({problems.length})</h2>
      {problems.length === 0 ? <p>No problems found.</p> : null}
      <p className="sl-muted" role="status" aria-label="Server check">
        Server check (/workflows/checkGraph):{' '}
        {server.state === 'checking' || server.state === 'idle'
          ? 'checking…'
          : server.state === 'failed'
            ? `could not run (${server.message ?? 'error'})`
            : server.problems.length === 0
              ? 'agrees with the list above.'
              : `${server.problems.length} more problem(s) below.`}
      </p>
      <ul className="sl-problems">
        {problems.map((problem) => (
          <li key={problem.id} className={`sl-problem-${problem.severity}`}>
            <strong>{problem.severity === 'error' ? 'Error (blocks saving)' : 'Warning'}:</strong> {problem.message}
            {problem.nodeKey ? (
              <button
                type="button"
                onClick={() => {
                  const key = problem.nodeKey as string
                  dispatch((state) => ({ ...state, selected: new Set([key]) }))
                  onReveal(key)
                }}
              >
                Show node {problem.nodeKey}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  )
}
