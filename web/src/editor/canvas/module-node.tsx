/**
 * One node on the canvas (spec/UI.md §3.4): module name and kind, blocking and core-format
 * badges, the node-filter indicator, problem badges in words, and its ports — outputs labelled
 * for IF (then / else) and concurrent modules. It reads only its own node from the store, and
 * is memoised, so editing one node never re-renders the others (STYLE.md, editor section).
 */
import { Handle, type NodeProps, Position } from '@xyflow/react'
import { memo } from 'react'
import type { GraphNode } from '../../../../src/engine/contract/index.ts'
import { hasFilter, indexedParams } from '../model/params.ts'
import { outputLabel } from '../model/port-labels.ts'
import { moduleOfNode } from '../state/catalog.ts'
import { useEditor } from '../state/editor-context.ts'

function portNames(ports: GraphNode['inputs'] | GraphNode['outputs']): string[] {
  return ports && !Array.isArray(ports) ? Object.keys(ports) : []
}

/** A one-line summary of a parameter value for the card. */
function summary(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(String).join(', ')
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  const text = String(value ?? '')
  return text === '' ? '—' : text.length > 60 ? `${text.slice(0, 57)}…` : text
}

function ModuleNodeView({ id, selected }: NodeProps) {
  const node = useEditor((state) => state.doc.nodes[id])
  const module = useEditor((state) => moduleOfNode(state.catalog, state.doc.nodes[id]))
  // A string, so that the selector result is stable between renders.
  const problemText = useEditor((state) =>
    state.problems
      .filter((problem) => problem.nodeKey === id)
      .map((problem) => `${problem.severity === 'error' ? 'Error' : 'Warning'}: ${problem.message}`)
      .join('\n'),
  )
  const trace = useEditor((state) => state.traceByNode?.get(id))
  if (!node) return null
  const name = String(node.data?.name ?? node.name ?? node.data?.id ?? id)
  const kind = String(node.data?.module_type ?? 'unknown')
  const inputs = portNames(node.inputs)
  const outputs = portNames(node.outputs)
  const params = indexedParams(node)
  const shown = (module?.params ?? []).filter((param) => param.id && param.id in params).slice(0, 3)
  const problems = problemText === '' ? [] : problemText.split('\n')
  const hasError = problems.some((line) => line.startsWith('Error'))
  const classes = [
    'sl-node',
    `sl-node-${kind}`,
    selected ? 'is-selected' : '',
    problems.length ? (hasError ? 'has-error' : 'has-warning') : '',
    !module ? 'is-unknown' : '',
    trace ? `trace-${trace.status}` : '',
  ]
  return (
    <section className={classes.join(' ')} aria-label={`${name} (node ${id})`} data-node-key={id}>
      {inputs.map((port, index) => (
        <Handle
          key={port}
          id={port}
          type="target"
          position={Position.Left}
          style={{ top: 28 + index * 22 }}
          aria-label={`${name} input ${index + 1}`}
        />
      ))}
      <header className="sl-node-head">
        <span className="sl-node-kind">
          {kind === 'trigger' ? 'Trigger' : kind === 'logic' ? 'Logic' : kind === 'action' ? 'Action' : '?'}
        </span>
        <strong className="sl-node-name">{name}</strong>
        <span className="sl-node-id">#{id}</span>
      </header>
      <div className="sl-node-badges">
        {module?.blocking || (kind === 'trigger' && node.data?.blocking) ? (
          <span className="sl-badge sl-badge-blocking">■ Blocking</span>
        ) : null}
        {kind === 'trigger' && (module?.misp_core_format ?? node.data?.misp_core_format) ? (
          <span className="sl-badge sl-badge-core">MISP core format</span>
        ) : null}
        {hasFilter(node) ? (
          <span className="sl-badge sl-badge-filter" title="This node only acts on the items its filter selects">
            ⏷ Filter set
          </span>
        ) : null}
        {!module ? <span className="sl-badge sl-badge-error">Unknown module “{String(node.data?.id)}”</span> : null}
        {problems.length > 0 ? (
          <span
            className={`sl-badge ${hasError ? 'sl-badge-error' : 'sl-badge-warning'}`}
            title={problems.join('\n')}
            role="note"
            aria-label={problems.join(' ')}
          >
            {hasError ? '✖' : '⚠'} {problems.length} {problems.length === 1 ? 'problem' : 'problems'}
          </span>
        ) : null}
        {trace ? (
          <span className={`sl-badge sl-trace-${trace.status}`} role="note">
            {trace.label}
          </span>
        ) : null}
      </div>
      {shown.length > 0 ? (
        <dl className="sl-node-params">
          {shown.map((param) => (
            <div key={param.id}>
              <dt>{param.label ?? param.id}</dt>
              <dd>{summary(params[param.id])}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {outputs.length > 0 ? (
        <ul className="sl-node-outputs">
          {outputs.map((port, index) => (
            <li key={port} style={{ top: 28 + index * 22 }}>
              {outputLabel(module, port, outputs.length)}
              <Handle
                id={port}
                type="source"
                position={Position.Right}
                aria-label={`${name} ${outputLabel(module, port, outputs.length)}`}
              />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}

/** The node component, memoised: it re-renders only when its own node, module or problems change. */
export const ModuleNode = memo(ModuleNodeView)

/** Node types, defined once at module scope as React Flow requires. */
export const NODE_TYPES = { module: ModuleNode }
