/**
 * The inspector for one node: its module, description, parameter form (one form engine with
 * the same `display_on` rules everywhere, spec/UI.md §6 item 7), the node filter, and delete.
 * Parameters the module no longer defines are listed with a warning; unknown modules show their
 * saved data read-only, so nothing is lost.
 */
import { useCallback, useState } from 'react'
import { moduleOfNode } from '../state/catalog.ts'
import { useEditor, useEditorHandle } from '../state/editor-context.ts'
import { removeItems, updateNode } from '../state/editor-state.ts'
import { hasFilter, indexedParams, isParamVisible, nodeFilters, withFilters, withParam } from '../model/params.ts'
import { outputLabel } from '../model/port-labels.ts'
import { ConnectionsForm } from './connections-form.tsx'
import { FilterDialog } from './filter-dialog.tsx'
import { ParamField } from './params/param-field.tsx'

/** Props: the node key to edit. */
export function NodePanel({ nodeKey }: { nodeKey: string }) {
  const { dispatch } = useEditorHandle()
  const node = useEditor((state) => state.doc.nodes[nodeKey])
  const module = useEditor((state) => moduleOfNode(state.catalog, state.doc.nodes[nodeKey]))
  const [filtering, setFiltering] = useState(false)
  const onParam = useCallback(
    (paramId: string, value: unknown) =>
      dispatch((state) =>
        updateNode(state, nodeKey, (n) => withParam(n, paramId, value), `param:${nodeKey}:${paramId}`),
      ),
    [dispatch, nodeKey],
  )
  if (!node) return null
  const name = String(node.data?.name ?? node.name ?? nodeKey)
  const values = indexedParams(node)
  const isTrigger = node.data?.module_type === 'trigger'
  const declared = new Set((module?.params ?? []).map((param) => param.id))
  const stale = Object.keys(values).filter((id) => module && !declared.has(id))
  return (
    <section className="sl-panel" aria-label={`Node settings: ${name}`}>
      <h2>
        {name} <small>node {nodeKey}</small>
      </h2>
      {module ? (
        <p className="sl-muted">{module.description}</p>
      ) : (
        <p role="alert">Unknown module “{String(node.data?.id)}”: its saved data is kept as it is.</p>
      )}
      {module ? (
        <form className="sl-form" onSubmit={(event) => event.preventDefault()} aria-label={`Parameters of ${name}`}>
          {(module.params ?? [])
            .filter((param) => param.id && isParamVisible(param, values))
            .map((param) => (
              <ParamField
                key={param.id}
                param={param}
                value={values[param.id]}
                onChange={onParam}
                selector={typeof values.selector === 'string' ? values.selector : undefined}
              />
            ))}
          {(module.params ?? []).length === 0 ? <p className="sl-muted">This module has no parameters.</p> : null}
          {stale.map((id) => (
            <p key={id} className="sl-warning">
              ⚠ Invalid parameter “{id}”: the module no longer defines it.
            </p>
          ))}
        </form>
      ) : (
        <pre className="sl-json">{JSON.stringify(node.data?.indexed_params ?? {}, null, 2)}</pre>
      )}
      <ConnectionsForm nodeKey={nodeKey} outputName={(port, count) => outputLabel(module, port, count)} />
      <div className="sl-actions">
        {module?.support_filters ? (
          <button type="button" onClick={() => setFiltering(true)} aria-pressed={hasFilter(node)}>
            {hasFilter(node) ? 'Edit node filter (set)' : 'Node filter…'}
          </button>
        ) : null}
        {!isTrigger ? (
          <button
            type="button"
            className="sl-danger"
            onClick={() => dispatch((state) => removeItems(state, [nodeKey]))}
          >
            Delete node
          </button>
        ) : (
          <p className="sl-muted">The trigger node cannot be deleted.</p>
        )}
      </div>
      {filtering ? (
        <FilterDialog
          initial={nodeFilters(node)}
          nodeName={name}
          onClose={() => setFiltering(false)}
          onSave={(filters) => {
            dispatch((state) => updateNode(state, nodeKey, (n) => withFilters(n, filters)))
            setFiltering(false)
          }}
        />
      ) : null}
    </section>
  )
}
