/**
 * The editor's modal dialog shell (spec/UI.md §3.10, §3.12): a backdrop, a `role="dialog"`
 * named by `label` that Escape closes, the dialog's content, its error once (`role="alert"`),
 * and its row of buttons.
 */
import type { ReactNode } from 'react'

/** Props: the accessible name, what Escape does, the content, the error text (none when empty) and the buttons. */
export function ModalDialog(props: {
  label: string
  onClose(): void
  error: string
  actions: ReactNode
  children: ReactNode
}) {
  const { label, onClose, error, actions, children } = props
  return (
    <div className="sl-modal-backdrop">
      <div
        role="dialog"
        aria-modal="true"
        aria-label={label}
        className="sl-modal"
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClose()
        }}
      >
        {children}
        {error ? (
          <p role="alert" className="sl-error">
            {error}
          </p>
        ) : null}
        <div className="sl-actions">{actions}</div>
      </div>
    </div>
  )
}
