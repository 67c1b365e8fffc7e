/**
 * The saved workflow graph, exactly as MISP's editor writes it (spec/ENGINE.md §1.3).
 * These are wire types: keys keep MISP's names. PHP writes an empty map as `[]`, so every
 * map-valued field may also arrive as an empty list.
 */

/** The three module kinds (spec/ENGINE.md §1.1). */
export type ModuleType = 'trigger' | 'logic' | 'action'

/** One entry of `outputs.output_k.connections`: `node` is the target id, `output` the target's input name. */
export interface OutputConnection {
  node: string | number
  output: string
  [key: string]: unknown
}

/** One entry of `inputs.input_k.connections`: `node` is the source id, `input` the source's output name. */
export interface InputConnection {
  node: string | number
  input: string
  [key: string]: unknown
}

/** Node-level filter values (spec/ENGINE.md §2.9.1). All `""` means "no filter". */
export interface SavedFilters {
  selector: string
  value: unknown
  operator: string
  path: string
}

/** The list form a freshly generated trigger node carries (spec/ENGINE.md §1.3.2). */
export type SavedFiltersListForm = Array<{ text: string; value: unknown }>

/** A node's `data` object (spec/ENGINE.md §1.3.2). Unknown keys are preserved. */
export interface NodeData {
  id: string
  module_type: ModuleType
  name?: string
  indexed_params?: Record<string, unknown> | unknown[]
  saved_filters?: SavedFilters | SavedFiltersListForm
  node_uid?: string
  module_version?: string
  previous_module_version?: string
  multiple_output_connection?: boolean
  [key: string]: unknown
}

/** A graph node (spec/ENGINE.md §1.3.1). */
export interface GraphNode {
  id: number | string
  name?: string
  data: NodeData
  class?: string
  typenode?: boolean
  inputs?: Record<string, { connections: InputConnection[] }> | unknown[]
  outputs?: Record<string, { connections: OutputConnection[] }> | unknown[]
  pos_x?: number
  pos_y?: number
  [key: string]: unknown
}

/** `Workflow.data`: node id → node, plus the UI-only `_frames` key. */
export type WorkflowGraphJson = Record<string, unknown>

/** A row of MISP's `workflows` table as the engine needs it (spec/ENGINE.md §1.2). */
export interface WorkflowRecord {
  id: number | string
  uuid?: string
  name: string
  description?: string
  trigger_id: string
  counter?: number | string
  debug_enabled?: boolean
  timestamp?: number | string
  data: WorkflowGraphJson | unknown[]
  [key: string]: unknown
}
