/**
 * Blueprint index (UI.md §2.6, issue #6): every blueprint with its default flag and date, a
 * search box, import from a file or pasted JSON, export, delete, and update of the defaults.
 */
import { type ChangeEvent, type FormEvent, useState } from 'react'
import {
  type Blueprint,
  deleteBlueprint,
  download,
  exportBlueprint,
  importBlueprint,
  listBlueprints,
  updateDefaultBlueprints,
} from '../api/blueprints.ts'
import { IndexTable } from '../app/index-table.tsx'
import { hrefOf, navigate } from '../app/router.ts'
import { ErrorAlert, formatTime, Loading, Notice, PageHeader, SearchField, YesNo } from '../app/ui.tsx'
import { usePageAction } from '../app/use-action.ts'
import { useLoad } from '../app/use-load.ts'

/** `#/blueprints`. */
export function BlueprintsPage() {
  const blueprints = useLoad(listBlueprints, [])
  const [search, setSearch] = useState('')
  const { notice, error, run } = usePageAction(blueprints.reload)
  const remove = (blueprint: Blueprint) => {
    if (window.confirm(`Delete the blueprint “${blueprint.name}”?`))
      run(async () => (await deleteBlueprint(blueprint.id)).message)
  }
  const shown = (blueprints.data ?? []).filter((blueprint) =>
    `${blueprint.name} ${blueprint.uuid} ${blueprint.description}`.toLowerCase().includes(search.toLowerCase()),
  )
  return (
    <section>
      <PageHeader title="Blueprints">
        Reusable sets of nodes; import MISP's blueprint files or export your own.
      </PageHeader>
      <ImportForm onImported={(blueprint) => navigate({ page: 'blueprint', blueprintId: String(blueprint.id) })} />
      <div className="toolbar">
        <SearchField value={search} onChange={setSearch} />
        <button type="button" onClick={() => run(async () => (await updateDefaultBlueprints(false)).message)}>
          Update default blueprints
        </button>
        <button type="button" onClick={() => run(async () => (await updateDefaultBlueprints(true)).message)}>
          Force update default blueprints
        </button>
      </div>
      <ErrorAlert error={error ?? blueprints.error} />
      <Notice>{notice}</Notice>
      <Loading isLoading={blueprints.isLoading && !blueprints.data} />
      {blueprints.data ? (
        <IndexTable
          label="Blueprints"
          columns={['ID', 'Name', 'Default', 'Description', 'Date', 'Actions']}
          isEmpty={shown.length === 0}
          empty="No blueprints."
        >
          {shown.map((blueprint) => (
            <tr key={blueprint.id}>
              <td>{blueprint.id}</td>
              <th scope="row">
                <a href={hrefOf({ page: 'blueprint', blueprintId: String(blueprint.id) })}>{blueprint.name}</a>
              </th>
              <td>
                <YesNo value={blueprint.default} />
              </td>
              <td style={{ whiteSpace: 'pre-line' }}>{blueprint.description}</td>
              <td>{formatTime(blueprint.timestamp)}</td>
              <td className="actions">
                <button
                  type="button"
                  aria-label={`Export ${blueprint.name}`}
                  onClick={() =>
                    run(async () => {
                      const file = await exportBlueprint(blueprint)
                      download(file.fileName, file.text)
                      return `Exported ${file.fileName}`
                    })
                  }
                >
                  Export
                </button>
                <button
                  type="button"
                  className="danger"
                  aria-label={`Delete ${blueprint.name}`}
                  onClick={() => remove(blueprint)}
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </IndexTable>
      ) : null}
    </section>
  )
}

function ImportForm({ onImported }: { onImported(blueprint: Blueprint): void }) {
  const [json, setJson] = useState('')
  const [error, setError] = useState<unknown>()
  const save = async (text: string) => {
    setError(undefined)
    try {
      onImported(await importBlueprint(text))
    } catch (caught) {
      setError(caught)
    }
  }
  const pickFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (file) await save(await file.text())
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    save(json)
  }
  return (
    <details>
      <summary>Import a blueprint</summary>
      <form onSubmit={submit} aria-label="Import a blueprint">
        <label className="field">
          Blueprint file
          <input type="file" accept="application/json,.json" onChange={pickFile} />
        </label>
        <label className="field">
          Or paste the blueprint JSON
          <textarea
            rows={8}
            value={json}
            onChange={(event) => setJson(event.target.value)}
            placeholder='{"WorkflowBlueprint": {…}}'
          />
        </label>
        <button type="submit" disabled={json.trim() === ''}>
          Import
        </button>
        <ErrorAlert error={error} />
      </form>
    </details>
  )
}
