/**
 * The roaming data of one walk (spec/ENGINE.md §2.8): the payload every node reads and may
 * replace. While path filters are active, every read returns the filtered view (§2.8.3).
 * Modules treat what they read as immutable and hand changes back through `setData`, which is
 * what PHP's value semantics give MISP for free.
 */
import type { GraphNode, RoamingData, WorkflowRecord, WorkflowUser } from '../contract/index.ts'
import { phpTruthy } from '../../format/index.ts'
import { applyPathFilters } from './filters.ts'

/** The roaming data plus what only the engine may change. */
export interface EngineRoamingData extends RoamingData {
  setCurrentNode(nodeId: string): void
  /** The stored payload, unfiltered. */
  raw(): unknown
}

/** What a walk starts with. */
export interface RoamingInit {
  data: unknown
  user: WorkflowUser | null
  workflow: WorkflowRecord | null
  triggerNode: GraphNode | null
  currentNode: string
}

/** Whether `enabledFilters` is PHP-non-empty; `applyPathFilters` raises MISP's crash if it is not an array. */
function hasActiveFilters(data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false
  return phpTruthy((data as { enabledFilters?: unknown }).enabledFilters)
}

/** Creates the roaming data of a walk. */
export function createRoamingData(init: RoamingInit): EngineRoamingData {
  let data = init.data
  let currentNode = init.currentNode
  // The filtered view is a pure function of the stored payload: compute it once per payload.
  let viewOf: unknown
  let view: unknown
  return {
    getData() {
      if (!hasActiveFilters(data)) return data
      if (viewOf !== data) {
        view = applyPathFilters(data)
        viewOf = data
      }
      return view
    },
    setData(next) {
      data = next
    },
    raw: () => data,
    getUser: () => init.user,
    getWorkflow: () => init.workflow,
    getCurrentNode: () => currentNode,
    setCurrentNode(nodeId) {
      currentNode = nodeId
    },
    getTriggerNode: () => init.triggerNode,
    getEnabledFilters() {
      const filters = (data as { enabledFilters?: unknown } | null)?.enabledFilters
      return typeof filters === 'object' && filters !== null ? (filters as Record<string, unknown>) : {}
    },
  }
}
