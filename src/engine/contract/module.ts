/**
 * The module contract: what a trigger, logic or action module is, for built-ins and custom
 * modules alike (spec/ENGINE.md §1.5, §5.1, §5.6; docs/modules.md).
 */
import type { CoreFormatLookups } from '../../format/index.ts'
import type { GraphNode, ModuleType, SavedFilters, WorkflowRecord } from './graph.ts'
import type { DataBackend, Deferrer, EnginePorts, Outbound, WorkflowUser } from './ports.ts'

/** A parameter descriptor (spec/ENGINE.md §5.1). Keys keep MISP's names: it is a wire object. */
export interface ParamDescriptor {
  id: string
  label?: string
  type: 'input' | 'textarea' | 'select' | 'picker' | 'hashpath' | 'checkbox' | 'radio' | string
  options?: Record<string, unknown> | unknown[]
  default?: unknown
  placeholder?: string
  jinja_supported?: boolean
  multiple?: boolean | string
  display_on?: Record<string, unknown>
  picker_create_new?: boolean
  picker_options?: Record<string, unknown>
  hashpath?: { is_sub_selector: boolean }
  disabled?: boolean
  [key: string]: unknown
}

/** A module descriptor, MISP's "module config" (spec/ENGINE.md §1.5). */
export interface ModuleDescriptor {
  id: string
  name: string
  description: string
  version: string
  module_type: ModuleType
  icon: string
  icon_class: string
  inputs: number
  outputs: number
  blocking: boolean
  expect_misp_core_format: boolean
  support_filters: boolean
  saved_filters: Array<{ text: string; value: string }>
  multiple_output_connection: boolean
  params: ParamDescriptor[]
  is_misp_module: boolean
  is_custom: boolean
  html_template?: string
  icon_path?: string
  /** Triggers only. */
  scope?: string
  misp_core_format?: boolean
  trigger_overhead?: number
  trigger_overhead_message?: string
  [key: string]: unknown
}

/** A problem with a parameter value, named so that the API and the editor can show it. */
export interface ParamProblem {
  param: string
  message: string
}

/** The roaming data of a walk (spec/ENGINE.md §2.8). */
export interface RoamingData {
  /** The current data view: the payload with active path filters applied (§2.8.3). */
  getData(): unknown
  /** Replace the whole payload. */
  setData(data: unknown): void
  getUser(): WorkflowUser | null
  getWorkflow(): WorkflowRecord | null
  getCurrentNode(): string
  getTriggerNode(): GraphNode | null
  getEnabledFilters(): Record<string, unknown>
}

/** Everything a module's `exec` receives. Nothing comes through `this`. */
export interface ModuleContext<P = Record<string, unknown>> {
  /** The resolved parameter values, by parameter id (spec/ENGINE.md §5.2; Jinja already rendered). */
  params: P
  /** The (filtered) data view the node sees; read afresh on each access. */
  readonly data: any
  /** Replace the roaming data. */
  setData(data: unknown): void
  /** The node being executed. */
  node: GraphNode
  /** Recoverable problems: each becomes part of the node's error line. */
  errors: string[]
  roaming: RoamingData
  /** The node's effective `saved_filters` (spec/ENGINE.md §2.9.1). */
  filters: SavedFilters
  /** Whether any of the node's filters is set. */
  filtersEnabled: boolean
  /**
   * MISP's `getMatchingItemsForAttributes`: the node-filtered items when filters are set,
   * else every attribute of `Event._AttributeFlattened` (§2.9.1); `false` when extraction fails.
   */
  matchingItems(): unknown
  backend?: DataBackend
  outbound?: Outbound
  deferrer?: Deferrer
  ports: EnginePorts
  /** The workflow being run (null for stateless runs). */
  workflow: WorkflowRecord | null
}

/** A logic or action module: its descriptor plus `exec` (STYLE.md "descriptor + exec"). */
export interface WorkflowModule<P = Record<string, any>> {
  descriptor: ModuleDescriptor
  /** Logic: `true` follows `output_1`. Action: `true` is success. */
  exec(ctx: ModuleContext<P>): boolean | Promise<boolean>
  /** Checks parameter values; used by save-time validation, the API and the editor. */
  validateParams?(params: Record<string, unknown>): ParamProblem[]
  /**
   * Jinja parameters the module renders itself (per item, e.g. per attribute), which the engine
   * therefore hands over unrendered instead of rendering them once against the view (§5.2).
   */
  ownTemplates?: readonly string[]
}

/** The arguments of a trigger's data normalisation. */
export interface NormaliseContext {
  lookups: CoreFormatLookups
}

/** A trigger module: descriptor, normalisation and its own conditions (spec/ENGINE.md §2.2, §2.4). */
export interface TriggerModule {
  descriptor: ModuleDescriptor
  /** MISP's `normalizeData`: the walk's start data, or `false` for invalid input. May throw. */
  normalise(raw: unknown, ctx: NormaliseContext): Promise<unknown | false>
  /** Trigger conditions on the raw data (only `tag-attached-after-save` has any). */
  conditionsHold?(raw: unknown, params: Record<string, unknown>): boolean
}

/** Any registered module. */
export type AnyModule = WorkflowModule | TriggerModule

/** How the engine finds modules: the registry implements it (src/modules/registry.ts). */
export interface ModuleCatalogue {
  trigger(id: string): TriggerModule | undefined
  /** A logic or action module by node `data.module_type` and `data.id`. */
  module(moduleType: string, id: string): WorkflowModule | undefined
}
