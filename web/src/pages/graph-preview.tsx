/**
 * A read-only drawing of a MISP graph (a workflow's `data` object keyed by node id, or a
 * blueprint's list of nodes) with React Flow: nodes at their saved positions, edges from each
 * output's connections, the IF outputs labelled. An optional per-node status (a run's trace)
 * marks each node in words and colour. Unlike MISP's preview, `_frames` and unknown modules
 * never break it (UI.md §2.5).
 */
import { Background, ReactFlow } from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import { useMemo } from 'react'
import { type NodeStatus, toFlow } from './graph-layout.ts'

export { graphNodes, type NodeStatus } from './graph-layout.ts'

/** The read-only graph; `label` names the region for assistive technology. */
export function GraphPreview(props: { data: unknown; label: string; statuses?: Record<string, NodeStatus> }) {
  const { nodes, edges } = useMemo(() => toFlow(props.data, props.statuses), [props.data, props.statuses])
  return (
    <section className="graph-preview" aria-label={props.label}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        proOptions={{ hideAttribution: true }}
        minZoom={0.2}
        maxZoom={1}
      >
        <Background />
      </ReactFlow>
    </section>
  )
}
