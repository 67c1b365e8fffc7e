/**
 * Connections from the keyboard (spec/UI.md §6 item 12: MISP's can only be drawn with a mouse):
 * for each output of the node, its current connections with a Remove button, and a choice of
 * target node with Connect. The same rules as drawing apply, and a refusal is shown the same way.
 */
import { useState } from 'react'
import type { GraphNode } from '../../../../src/engine/contract/index.ts'
import { nodeLabel } from '../model/connection-rules.ts'
import { useEditor, useEditorHandle } from '../state/editor-context.ts'
import { connect, removeItems } from '../state/editor-state.ts'

function portsOf(node: GraphNode, side: 'inputs' | 'outputs'): string[] {
  const ports = node[side]
  return ports && !Array.isArray(ports) ? Object.keys(ports) : []
}

/** Props: the node whose outputs are listed, and how each output is named (then / else…). */
export function ConnectionsForm({
  nodeKey,
  outputName,
}: {
  nodeKey: string
  outputName(port: string, count: number): string
}) {
  const { dispatch } = useEditorHandle()
  const node = useEditor((state) => state.doc.nodes[nodeKey])
  const edges = useEditor((state) => state.doc.edges)
  const nodes = useEditor((state) => state.doc.nodes)
  const order = useEditor((state) => state.doc.order)
  const [targets, setTargets] = useState<Record<string, string>>({})
  if (!node) return null
  const outputs = portsOf(node, 'outputs')
  if (outputs.length === 0) return null
  const candidates = order.filter((key) => key !== nodeKey && portsOf(nodes[key], 'inputs').length > 0)
  return (
    <fieldset className="sl-fieldset sl-connections">
      <legend>Connections</legend>
      {outputs.map((port) => {
        const label = outputName(port, outputs.length)
        const existing = edges.filter((edge) => edge.source === nodeKey && edge.sourcePort === port)
        const chosen = targets[port] ?? ''
        return (
          <div key={port} className="sl-field">
            <span>Output “{label}”</span>
            <ul>
              {existing.map((edge) => (
                <li key={edge.id}>
                  → {nodeLabel(nodes[edge.target], edge.target)}{' '}
                  <button
                    type="button"
                    aria-label={`Remove connection ${label} to node ${edge.target}`}
                    onClick={() => dispatch((state) => removeItems(state, [], [edge.id]))}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ul>
            <div className="sl-row">
              <select
                aria-label={`Connect ${label} to`}
                value={chosen}
                onChange={(event) => setTargets((all) => ({ ...all, [port]: event.target.value }))}
              >
                <option value="">Choose a node…</option>
                {candidates.map((key) => (
                  <option key={key} value={key}>
                    {nodeLabel(nodes[key], key)}
                  </option>
                ))}
              </select>
              <button
                type="button"
                disabled={chosen === ''}
                onClick={() => {
                  const targetPort = portsOf(nodes[chosen], 'inputs')[0]
                  dispatch((state) => connect(state, { source: nodeKey, sourcePort: port, target: chosen, targetPort }))
                  setTargets((all) => ({ ...all, [port]: '' }))
                }}
              >
                Connect
              </button>
            </div>
          </div>
        )
      })}
    </fieldset>
  )
}
