/**
 * One blueprint (UI.md §2.6, issue #6): name, UUID, date, description, a graph preview drawn in
 * the page (MISP only renders Mermaid on the server), the raw data, export and delete.
 */
import { useState } from 'react'
import { deleteBlueprint, download, exportBlueprint, viewBlueprint } from '../api/blueprints.ts'
import { navigate } from '../app/router.ts'
import { ErrorAlert, formatTime, PageHeader, YesNo, PagePending } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { GraphPreview, graphNodes } from './graph-preview.tsx'

/** `#/blueprints/<id>`. */
export function BlueprintPage({ blueprintId }: { blueprintId: string }) {
  const blueprint = useLoad(() => viewBlueprint(blueprintId), [blueprintId])
  const [error, setError] = useState<unknown>()
  if (!blueprint.data) {
    return <PagePending title={`Blueprint ${blueprintId}`} load={blueprint} />
  }
  const data = blueprint.data
  const remove = async () => {
    if (!window.confirm(`Delete the blueprint “${data.name}”?`)) return
    try {
      await deleteBlueprint(data.id)
      navigate({ page: 'blueprints' })
    } catch (caught) {
      setError(caught)
    }
  }
  const save = async () => {
    try {
      const file = await exportBlueprint(data)
      download(file.fileName, file.text)
    } catch (caught) {
      setError(caught)
    }
  }
  return (
    <section>
      <PageHeader title={`Blueprint: ${data.name}`} />
      <div className="toolbar">
        <button type="button" onClick={save}>
          Export
        </button>
        <button type="button" className="danger" onClick={remove}>
          Delete
        </button>
        <a href="#/blueprints">Back to the blueprints</a>
      </div>
      <ErrorAlert error={error} />
      <dl className="facts" aria-label="Blueprint details">
        <dt>ID</dt>
        <dd>{data.id}</dd>
        <dt>UUID</dt>
        <dd>
          <code>{data.uuid}</code>
        </dd>
        <dt>Date</dt>
        <dd>{formatTime(data.timestamp)}</dd>
        <dt>Default</dt>
        <dd>
          <YesNo value={data.default} />
        </dd>
        <dt>Nodes</dt>
        <dd>{graphNodes(data.data).length}</dd>
        <dt>Description</dt>
        <dd style={{ whiteSpace: 'pre-line' }}>{data.description}</dd>
      </dl>
      <h2>Preview</h2>
      <GraphPreview data={data.data} label="Blueprint graph" />
      <details>
        <summary>Data</summary>
        <pre>{JSON.stringify(data.data, null, 2)}</pre>
      </details>
    </section>
  )
}
