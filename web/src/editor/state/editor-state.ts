/**
 * The editor's state and its actions, as pure functions `state → state` so that they are
 * tested without a DOM. The saved document (`doc`) is immutable: every change makes a new one
 * and pushes the old one on the undo stack (spec/UI.md §6 item 1); keystrokes into one field
 * are merged into one undo step. View state (selection, panel, notices) is kept out of `doc`.
 */
import type { GraphNode, ModuleDescriptor } from '../../../../src/engine/contract/index.ts'
import { type Candidate, connectionRefusal } from '../model/connection-rules.ts'
import { type DocEdge, type DocFrame, edgeId, type WorkflowDoc } from '../model/drawflow.ts'
import { insertBlueprint } from '../model/insert-blueprint.ts'
import { layeredLayout } from '../model/layout.ts'
import { createNode, nextNodeId } from '../model/new-node.ts'
import { findProblems, type Problem } from '../model/problems.ts'
import { type Catalog, moduleOfNode } from './catalog.ts'

/** What the side panel shows: one tagged union, not a set of booleans (STYLE.md). */
export type SidePanel =
  | { kind: 'none' }
  | { kind: 'node'; key: string }
  | { kind: 'problems' }
  | { kind: 'versions' }
  | { kind: 'run' }

/** The workflow record fields the editor shows. */
export interface WorkflowMeta {
  id: number | string
  name: string
  trigger_id: string
  timestamp?: number | string
  /** Debug mode as loaded (spec/ENGINE.md §2.13); the toolbar's switch changes it on the server. */
  isDebugOn?: boolean
}

/** A short message for the user (a refused connection, a saved workflow, an error). */
export interface Notice {
  kind: 'error' | 'info'
  text: string
}

/** Where the server's graph check stands, and what it found beyond the editor's own checks. */
export interface ServerCheck {
  state: 'idle' | 'checking' | 'done' | 'failed'
  problems: Problem[]
  message?: string
}

/** What a run did at one node, for the trace overlay. */
export interface NodeTrace {
  status: 'success' | 'blocked' | 'failure' | 'skipped'
  label: string
  detail: unknown
}

/** Everything the editor page holds. */
export interface EditorState {
  workflow: WorkflowMeta
  catalog: Catalog
  doc: WorkflowDoc
  /** The document as last saved (or loaded): `doc !== savedDoc` means unsaved changes. */
  savedDoc: WorkflowDoc
  past: WorkflowDoc[]
  future: WorkflowDoc[]
  coalesce: { key: string; at: number } | null
  selected: ReadonlySet<string>
  selectedEdges: ReadonlySet<string>
  panel: SidePanel
  notice: Notice | null
  lastSavedAt: number | null
  saving: boolean
  /** The last run's outcome per node key, drawn over the canvas (issue #6 point 4), or null. */
  traceByNode: ReadonlyMap<string, NodeTrace> | null
  /** The server's `checkGraph` verdict on the current graph (spec/ENGINE.md §3.2). */
  serverCheck: ServerCheck
  /** Problems of `doc`, recomputed by `withProblems` whenever the document changes. */
  problems: Problem[]
}

/** How many undo steps are kept. */
const HISTORY_LIMIT = 200
/** Changes to the same field within this time are one undo step. */
const COALESCE_MS = 1500

/** The initial state for a loaded document. */
export function initialState(
  workflow: WorkflowMeta,
  catalog: Catalog,
  doc: WorkflowDoc,
  savedAt: number | null,
): EditorState {
  return {
    workflow,
    catalog,
    doc,
    savedDoc: doc,
    past: [],
    future: [],
    coalesce: null,
    selected: new Set(),
    selectedEdges: new Set(),
    panel: { kind: 'none' },
    notice: null,
    lastSavedAt: savedAt,
    saving: false,
    traceByNode: null,
    serverCheck: { state: 'idle', problems: [] },
    problems: findProblems(doc, (node) => moduleOfNode(catalog, node)),
  }
}

/** Recomputes the problems list when `next` changed the document (kept out of every action). */
export function withProblems(next: EditorState, previous: EditorState): EditorState {
  if (next.doc === previous.doc && next.catalog === previous.catalog) return next
  return { ...next, problems: findProblems(next.doc, (node) => moduleOfNode(next.catalog, node)) }
}

/** Whether the document differs from what the server holds. */
export function isDirty(state: EditorState): boolean {
  return state.doc !== state.savedDoc
}

/** Replaces the document, recording an undo step (or merging into the last one for `coalesceKey`). */
export function commit(state: EditorState, doc: WorkflowDoc, coalesceKey?: string, now = Date.now()): EditorState {
  if (doc === state.doc) return state
  const merge =
    coalesceKey !== undefined && state.coalesce?.key === coalesceKey && now - state.coalesce.at < COALESCE_MS
  const past = merge ? state.past : [...state.past, state.doc].slice(-HISTORY_LIMIT)
  return { ...state, doc, past, future: [], coalesce: coalesceKey ? { key: coalesceKey, at: now } : null }
}

/** Steps back one change. */
export function undo(state: EditorState): EditorState {
  const previous = state.past.at(-1)
  if (!previous) return state
  return pruneView({
    ...state,
    doc: previous,
    past: state.past.slice(0, -1),
    future: [state.doc, ...state.future],
    coalesce: null,
  })
}

/** Re-applies the change undone last. */
export function redo(state: EditorState): EditorState {
  const next = state.future[0]
  if (!next) return state
  return pruneView({
    ...state,
    doc: next,
    past: [...state.past, state.doc],
    future: state.future.slice(1),
    coalesce: null,
  })
}

/** Drops selection and panel entries for nodes that no longer exist. */
function pruneView(state: EditorState): EditorState {
  const nodes = state.doc.nodes
  const edges = new Set(state.doc.edges.map((edge) => edge.id))
  const panel = state.panel.kind === 'node' && !(state.panel.key in nodes) ? { kind: 'none' as const } : state.panel
  return {
    ...state,
    panel,
    selected: new Set([...state.selected].filter((key) => key in nodes)),
    selectedEdges: new Set([...state.selectedEdges].filter((id) => edges.has(id))),
  }
}

/** Adds a node for `module` with its top-left corner at (x, y); selects it and opens its form. */
export function addNode(state: EditorState, module: ModuleDescriptor, x: number, y: number): EditorState {
  const id = nextNodeId(state.doc.order)
  const node = createNode(module, id, Math.round(x), Math.round(y))
  const key = String(id)
  const doc = { ...state.doc, order: [...state.doc.order, key], nodes: { ...state.doc.nodes, [key]: node } }
  return { ...commit(state, doc), selected: new Set([key]), selectedEdges: new Set(), panel: { kind: 'node', key } }
}

/** Replaces one node (parameters, filters); `coalesceKey` merges typing into one undo step. */
export function updateNode(
  state: EditorState,
  key: string,
  update: (node: GraphNode) => GraphNode,
  coalesceKey?: string,
): EditorState {
  const current = state.doc.nodes[key]
  if (!current) return state
  const node = update(current)
  if (node === current) return state
  return commit(state, { ...state.doc, nodes: { ...state.doc.nodes, [key]: node } }, coalesceKey)
}

/** Moves nodes (top-left corners, canvas pixels). */
export function moveNodes(state: EditorState, positions: ReadonlyMap<string, { x: number; y: number }>): EditorState {
  const nodes = { ...state.doc.nodes }
  let changed = false
  for (const [key, position] of positions) {
    const node = nodes[key]
    if (!node || (node.pos_x === position.x && node.pos_y === position.y)) continue
    nodes[key] = { ...node, pos_x: position.x, pos_y: position.y }
    changed = true
  }
  return changed ? commit(state, { ...state.doc, nodes }) : state
}

/** Deletes nodes and edges. The trigger is never deleted (spec/UI.md §6 item 2); frames lose the members. */
export function removeItems(
  state: EditorState,
  nodeKeys: Iterable<string>,
  edgeIds: Iterable<string> = [],
): EditorState {
  const doomed = new Set(
    [...nodeKeys].filter((key) => state.doc.nodes[key] && state.doc.nodes[key].data?.module_type !== 'trigger'),
  )
  const doomedEdges = new Set(edgeIds)
  const keptTrigger = [...nodeKeys].some((key) => state.doc.nodes[key]?.data?.module_type === 'trigger')
  if (doomed.size === 0 && doomedEdges.size === 0) {
    return keptTrigger ? { ...state, notice: { kind: 'error', text: 'The trigger node cannot be deleted.' } } : state
  }
  const nodes = { ...state.doc.nodes }
  for (const key of doomed) delete nodes[key]
  const edges = state.doc.edges.filter(
    (edge) => !doomedEdges.has(edge.id) && !doomed.has(edge.source) && !doomed.has(edge.target),
  )
  const doc = {
    ...state.doc,
    nodes,
    order: state.doc.order.filter((key) => !doomed.has(key)),
    edges,
    frames: pruneFrames(state.doc.frames, doomed),
  }
  const next = pruneView(commit(state, doc))
  return keptTrigger
    ? { ...next, notice: { kind: 'error', text: 'The trigger node cannot be deleted; the rest of the selection was.' } }
    : next
}

function pruneFrames(frames: WorkflowDoc['frames'], doomed: ReadonlySet<string>): WorkflowDoc['frames'] {
  if (!frames || Array.isArray(frames)) return frames
  const out: Record<string, DocFrame> = {}
  for (const [id, frame] of Object.entries(frames)) {
    const members = frame.nodes.filter((member) => !doomed.has(String(member)))
    if (members.length > 0) out[id] = members.length === frame.nodes.length ? frame : { ...frame, nodes: members }
  }
  return out
}

/** Adds a connection if MISP's rules allow it; otherwise leaves the graph and says why. */
export function connect(state: EditorState, candidate: Candidate): EditorState {
  const refusal = connectionRefusal(state.doc, candidate, (node) => moduleOfNode(state.catalog, node))
  if (refusal) return { ...state, notice: { kind: 'error', text: refusal } }
  const edge: DocEdge = {
    id: edgeId(candidate.source, candidate.sourcePort, candidate.target, candidate.targetPort),
    ...candidate,
  }
  return { ...commit(state, { ...state.doc, edges: [...state.doc.edges, edge] }), notice: null }
}

/** Lays the graph out left to right (spec/UI.md §6 item 7). */
export function autoLayout(state: EditorState): EditorState {
  return moveNodes(state, layeredLayout(state.doc.order, state.doc.edges))
}

/** Inserts copied or blueprint nodes with fresh ids at `at`; selects them. */
export function insertNodes(
  state: EditorState,
  source: readonly GraphNode[],
  at: { x: number; y: number },
  frameName: string | null,
): EditorState {
  const inserted = insertBlueprint(source, state.doc.order, at, frameName ?? '', (node) =>
    moduleOfNode(state.catalog, node),
  )
  if (inserted.nodes.length === 0)
    return { ...state, notice: { kind: 'error', text: 'Nothing to insert: trigger nodes are never copied.' } }
  const nodes = { ...state.doc.nodes }
  for (const node of inserted.nodes) nodes[String(node.id)] = node
  let frames = state.doc.frames
  if (frameName !== null && inserted.frame) {
    frames = { ...(frames && !Array.isArray(frames) ? frames : {}), [inserted.frame.id]: inserted.frame }
  }
  const doc = {
    ...state.doc,
    nodes,
    order: [...state.doc.order, ...inserted.nodes.map((node) => String(node.id))],
    edges: [...state.doc.edges, ...inserted.edges],
    frames,
  }
  return {
    ...commit(state, doc),
    selected: new Set(inserted.nodes.map((node) => String(node.id))),
    selectedEdges: new Set(),
  }
}

/** The selected non-trigger nodes, with only the connections among them: what Ctrl+C copies. */
export function copySelection(state: EditorState): GraphNode[] {
  const keys = state.doc.order.filter(
    (key) => state.selected.has(key) && state.doc.nodes[key].data?.module_type !== 'trigger',
  )
  const inside = new Set(keys)
  return keys.map((key) => {
    const outputs: Record<string, { connections: Array<{ node: string; output: string }> }> = {}
    for (const edge of state.doc.edges) {
      if (edge.source !== key || !inside.has(edge.target)) continue
      outputs[edge.sourcePort] ??= { connections: [] }
      outputs[edge.sourcePort].connections.push({ node: edge.target, output: edge.targetPort })
    }
    return { ...state.doc.nodes[key], outputs }
  })
}

/** The module of node `key`, or undefined when its module id is unknown. */
export function moduleOf(state: EditorState, key: string): ModuleDescriptor | undefined {
  return moduleOfNode(state.catalog, state.doc.nodes[key])
}
