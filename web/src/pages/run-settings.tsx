/**
 * The run history's and the loop guard's settings (`/sluice/runs/settings`, docs/runs.md) on the
 * Settings page: the loop limit (longest chain of runs, re-entries of one workflow), retention
 * and data capture. Each value is saved on its own.
 */
import { useState } from 'react'
import { getRunSettings, type RunSettings, updateRunSettings } from '../api/runs.ts'
import { ErrorAlert, Notice, SwitchBox } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'

const FIELDS: Array<{ key: keyof RunSettings; label: string; help: string }> = [
  {
    key: 'loopMaxDepth',
    label: 'Loop limit: longest chain of runs',
    help: 'A run caused by runs deeper than this fails instead of recursing.',
  },
  {
    key: 'loopMaxReentries',
    label: 'Loop limit: runs of one workflow in a chain',
    help: 'How often one workflow may run again within one chain.',
  },
  { key: 'maxAgeDays', label: 'Keep runs for (days, 0 = forever)', help: 'Older runs are purged.' },
  { key: 'maxCount', label: 'Keep at most (runs, 0 = all)', help: 'The oldest runs beyond this are purged.' },
  { key: 'dataCapBytes', label: 'Largest data view kept per node (bytes)', help: 'Bigger views are cut.' },
]

/** The section; absent when the server keeps no run history. */
export function RunSettingsSection() {
  const settings = useLoad(getRunSettings, [])
  const [notice, setNotice] = useState('')
  const [error, setError] = useState<unknown>()
  const save = async (changes: Partial<RunSettings>) => {
    setError(undefined)
    setNotice('')
    try {
      await updateRunSettings(changes)
      setNotice(`Saved ${Object.keys(changes).join(', ')}.`)
    } catch (caught) {
      setError(caught)
    }
    settings.reload()
  }
  if (!settings.data) return settings.error ? <ErrorAlert error={settings.error} title="Run settings" /> : null
  const data = settings.data
  return (
    <section aria-label="Run history and loop guard">
      <h2>Run history and loop guard</h2>
      <ErrorAlert error={error} />
      <Notice>{notice}</Notice>
      <table aria-label="Run history and loop guard" className="settings">
        <tbody>
          <tr>
            <th scope="row">Keep the data each node saw</th>
            <td>
              <SwitchBox
                aria-label="Keep the data each node saw"
                checked={data.captureData}
                onSwitch={(checked) => save({ captureData: checked })}
              />
            </td>
          </tr>
          {FIELDS.map((field) => (
            <NumberRow
              key={field.key}
              field={field}
              value={Number(data[field.key])}
              onSave={(value) => save({ [field.key]: value })}
            />
          ))}
        </tbody>
      </table>
    </section>
  )
}

function NumberRow(props: { field: (typeof FIELDS)[number]; value: number; onSave(value: number): void }) {
  const { field, value, onSave } = props
  const [draft, setDraft] = useState(String(value))
  return (
    <tr>
      <th scope="row">
        {field.label}
        <div className="muted">{field.help}</div>
      </th>
      <td>
        <form
          className="row"
          onSubmit={(event) => {
            event.preventDefault()
            onSave(Number(draft))
          }}
        >
          <input
            aria-label={field.label}
            type="number"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" aria-label={`Save ${field.label}`} disabled={draft === String(value)}>
            Save
          </button>
        </form>
      </td>
    </tr>
  )
}
