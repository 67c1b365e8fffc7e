/**
 * The canvas: React Flow over the editor's document. Positions live in React Flow's node list
 * while a drag is in progress and are committed to the document (one undo step) when it ends.
 * Connections are checked against MISP's rules while they are drawn; a refused one leaves the
 * graph untouched and says why. Modules and blueprints are dropped here from the palette with
 * HTML5 drag events.
 */
import {
  applyNodeChanges,
  Background,
  type Connection,
  Controls,
  type Edge,
  type FinalConnectionState,
  MiniMap,
  type Node,
  type NodeChange,
  ReactFlow,
  type ReactFlowInstance,
  type EdgeChange,
} from '@xyflow/react'
import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { GraphNode } from '../../../../src/engine/contract/index.ts'
import { connectionRefusal } from '../model/connection-rules.ts'
import type { WorkflowDoc } from '../model/drawflow.ts'
import { moduleOfNode } from '../state/catalog.ts'
import { useEditor, useEditorHandle } from '../state/editor-context.ts'
import { addNode, connect, insertNodes, moveNodes } from '../state/editor-state.ts'
import { FramesLayer } from './frames-layer.tsx'
import { NODE_TYPES } from './module-node.tsx'
import { pathLabels } from './path-labels.ts'

/** Data types the palette puts on a drag: a module (`<type>:<id>`) or a blueprint id. */
export const DRAG_MODULE = 'application/x-sluice-module'
export const DRAG_BLUEPRINT = 'application/x-sluice-blueprint'

/** Reuses the previous React Flow node object when nothing visible changed (cheap re-sync). */
function syncNodes(doc: WorkflowDoc, selected: ReadonlySet<string>, previous: readonly Node[]): Node[] {
  const before = new Map(previous.map((node) => [node.id, node]))
  return doc.order.map((key) => {
    const raw = doc.nodes[key]
    const x = Number(raw.pos_x ?? 0)
    const y = Number(raw.pos_y ?? 0)
    const isSelected = selected.has(key)
    const old = before.get(key)
    if (old && old.position.x === x && old.position.y === y && Boolean(old.selected) === isSelected) return old
    return {
      ...(old ?? {}),
      id: key,
      type: 'module',
      position: { x, y },
      data: {},
      selected: isSelected,
      deletable: raw.data?.module_type !== 'trigger',
      ariaLabel: undefined,
    }
  })
}

/** The connection being drawn, in the document's terms. */
function candidateOf(connection: Connection | Edge) {
  return {
    source: connection.source,
    sourcePort: connection.sourceHandle ?? 'output_1',
    target: connection.target,
    targetPort: connection.targetHandle ?? 'input_1',
  }
}

/** How many nodes the opening view shows at most: a big workflow opens readable, around its trigger. */
const OPENING_NODES = 40

/**
 * The opening view: every node of a small workflow; for a big one, the trigger and the nodes
 * nearest to it. Drawing 200 nodes at 10 % zoom shows nothing legible and costs the most time,
 * since React Flow only renders the nodes in view.
 */
function openingView(doc: WorkflowDoc): { maxZoom: number; nodes?: Array<{ id: string }> } {
  if (doc.order.length <= OPENING_NODES) return { maxZoom: 1 }
  const trigger = doc.order.find((key) => doc.nodes[key].data?.module_type === 'trigger') ?? doc.order[0]
  const x0 = Number(doc.nodes[trigger].pos_x ?? 0)
  const y0 = Number(doc.nodes[trigger].pos_y ?? 0)
  const distance = (key: string) =>
    Math.hypot(Number(doc.nodes[key].pos_x ?? 0) - x0, Number(doc.nodes[key].pos_y ?? 0) - y0)
  const nearest = [...doc.order].sort((a, b) => distance(a) - distance(b)).slice(0, OPENING_NODES)
  return { maxZoom: 1, nodes: nearest.map((id) => ({ id })) }
}

/** Props: a ref to hand React Flow's instance to the page (fit view, centre of the viewport). */
export function FlowCanvas({
  onInstance,
  blueprints,
}: {
  onInstance(instance: ReactFlowInstance): void
  blueprints: ReadonlyMap<string, { name: string; data: GraphNode[] }>
}) {
  const { store, dispatch } = useEditorHandle()
  const doc = useEditor((state) => state.doc)
  const selected = useEditor((state) => state.selected)
  const selectedEdges = useEditor((state) => state.selectedEdges)
  const problems = useEditor((state) => state.problems)
  const [nodes, setNodes] = useState<Node[]>(() => syncNodes(doc, selected, []))
  // Computed once: later fits come from the toolbar.
  const [initialFit] = useState(() => openingView(doc))
  const instance = useRef<ReactFlowInstance | null>(null)
  const refusal = useRef<string | null>(null)

  useEffect(() => {
    setNodes((previous) => syncNodes(doc, selected, previous))
  }, [doc, selected])

  const labels = useMemo(() => pathLabels(doc), [doc])
  const edges = useMemo<Edge[]>(() => {
    const flagged = new Map<string, 'error' | 'warning'>()
    for (const problem of problems)
      for (const id of problem.edgeIds ?? []) if (flagged.get(id) !== 'error') flagged.set(id, problem.severity)
    return doc.edges.map((edge) => {
      const names = labels.get(edge.id)
      const flag = flagged.get(edge.id)
      return {
        id: edge.id,
        source: edge.source,
        sourceHandle: edge.sourcePort,
        target: edge.target,
        targetHandle: edge.targetPort,
        selected: selectedEdges.has(edge.id),
        label: names ? names.join(' · ') : undefined,
        className: flag ? `sl-edge-${flag}` : undefined,
        ariaLabel: `Connection from node ${edge.source} ${edge.sourcePort} to node ${edge.target}${names ? `, ${names.join(', ')}` : ''}${flag ? ` (${flag})` : ''}`,
      }
    })
  }, [doc.edges, labels, problems, selectedEdges])

  const onNodesChange = useCallback(
    (changes: NodeChange[]) => {
      setNodes((current) => applyNodeChanges(changes, current))
      // Positions are committed once, when the drag stops (onNodeDragStop): one undo step per move.
      let selection: Set<string> | null = null
      for (const change of changes) {
        if (change.type === 'select') {
          selection ??= new Set(store.get().selected)
          if (change.selected) selection.add(change.id)
          else selection.delete(change.id)
        }
      }
      if (selection) {
        const next = selection
        dispatch((state) => ({
          ...state,
          selected: next,
          // The run panel stays open: picking a node there shows the data that node saw.
          panel:
            state.panel.kind === 'run'
              ? state.panel
              : next.size === 1
                ? { kind: 'node', key: [...next][0] }
                : state.panel.kind === 'node' && !next.has(state.panel.key)
                  ? { kind: 'none' }
                  : state.panel,
        }))
      }
    },
    [dispatch, store],
  )

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: Node, dragged: Node[]) => {
      const moved = new Map(
        dragged.map((node) => [node.id, { x: Math.round(node.position.x), y: Math.round(node.position.y) }]),
      )
      dispatch((state) => moveNodes(state, moved))
    },
    [dispatch],
  )

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      let selection: Set<string> | null = null
      for (const change of changes) {
        if (change.type !== 'select') continue
        selection ??= new Set(store.get().selectedEdges)
        if (change.selected) selection.add(change.id)
        else selection.delete(change.id)
      }
      if (selection) {
        const next = selection
        dispatch((state) => ({ ...state, selectedEdges: next }))
      }
    },
    [dispatch, store],
  )

  const isValidConnection = useCallback(
    (connection: Connection | Edge) => {
      const state = store.get()
      refusal.current = connectionRefusal(state.doc, candidateOf(connection), (node) =>
        moduleOfNode(state.catalog, node),
      )
      return refusal.current === null
    },
    [store],
  )

  const onConnect = useCallback(
    (connection: Connection) => dispatch((state) => connect(state, candidateOf(connection))),
    [dispatch],
  )

  const onConnectEnd = useCallback(
    (_event: MouseEvent | TouchEvent, connection: FinalConnectionState) => {
      if (connection.toHandle && !connection.isValid && refusal.current) {
        const text = refusal.current
        dispatch((state) => ({ ...state, notice: { kind: 'error', text } }))
      }
    },
    [dispatch],
  )

  const onDragOver = useCallback((event: DragEvent) => {
    event.preventDefault()
    event.dataTransfer.dropEffect = 'copy'
  }, [])

  const onDrop = useCallback(
    (event: DragEvent) => {
      event.preventDefault()
      const flow = instance.current
      if (!flow) return
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY })
      const moduleKey = event.dataTransfer.getData(DRAG_MODULE)
      const blueprintId = event.dataTransfer.getData(DRAG_BLUEPRINT)
      if (moduleKey) {
        const module = store.get().catalog.byKey.get(moduleKey)
        if (module) dispatch((state) => addNode(state, module, at.x - 130, at.y - 30))
      } else if (blueprintId) {
        const blueprint = blueprints.get(blueprintId)
        if (blueprint) dispatch((state) => insertNodes(state, blueprint.data, at, blueprint.name))
      }
    },
    [blueprints, dispatch, store],
  )

  const onPaneClick = useCallback(() => {
    dispatch((state) => ({
      ...state,
      selected: new Set(),
      selectedEdges: new Set(),
      panel: state.panel.kind === 'node' ? { kind: 'none' } : state.panel,
    }))
  }, [dispatch])

  return (
    <section className="sl-canvas" onDragOver={onDragOver} onDrop={onDrop} aria-label="Workflow canvas">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onNodeDragStop={onNodeDragStop}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onPaneClick={onPaneClick}
        onInit={(flow) => {
          instance.current = flow
          onInstance(flow)
        }}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        minZoom={0.1}
        maxZoom={2}
        fitView
        fitViewOptions={initialFit}
        onlyRenderVisibleElements
        proOptions={{ hideAttribution: true }}
      >
        <FramesLayer frames={doc.frames} nodes={nodes} />
        <Background gap={15} />
        <MiniMap pannable zoomable ariaLabel="Minimap" />
        <Controls showInteractive={false} />
      </ReactFlow>
    </section>
  )
}
