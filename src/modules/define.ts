/**
 * Module definition helpers. They fill in MISP's base-class defaults (spec/ENGINE.md §1.5),
 * so that a module file lists only what differs from them, like the PHP original, and they
 * lay the descriptor's keys out in the order MISP's API returns them.
 */
import type {
  ModuleContext,
  ModuleDescriptor,
  NormaliseContext,
  ParamDescriptor,
  ParamProblem,
  TriggerModule,
  WorkflowModule,
} from '../engine/index.ts'
import { inDeclaredOrder } from './triggers/php-property-order.ts'

/** The default `saved_filters` of every module: the list form (spec/ENGINE.md §1.5). */
export function defaultSavedFilters(): Array<{ text: string; value: string }> {
  return [
    { text: 'selector', value: '' },
    { text: 'value', value: '' },
    { text: 'operator', value: '' },
    { text: 'path', value: '' },
  ]
}

/** What a module file states: MISP's descriptor fields that differ from the defaults. */
export interface ModuleSpec {
  id: string
  name: string
  description?: string
  version?: string
  icon?: string
  icon_class?: string
  icon_path?: string
  inputs?: number
  outputs?: number
  blocking?: boolean
  expect_misp_core_format?: boolean
  support_filters?: boolean
  multiple_output_connection?: boolean
  params?: ParamDescriptor[]
  html_template?: string
  is_misp_module?: boolean
  is_custom?: boolean
  /** Class-specific public fields MISP exposes (e.g. `searchRegex`); appended after the standard keys. */
  extra?: Record<string, unknown>
}

/** A logic or action module file: the spec plus `exec`. */
export interface ExecModuleSpec<P> extends ModuleSpec {
  exec(ctx: ModuleContext<P>): boolean | Promise<boolean>
  validateParams?(params: Record<string, unknown>): ParamProblem[]
  /** Jinja parameters the module renders itself (WorkflowModule.ownTemplates). */
  ownTemplates?: readonly string[]
}

function baseDescriptor(
  spec: ModuleSpec,
  moduleType: ModuleDescriptor['module_type'],
  defaults: { inputs: number; outputs: number },
  triggerFields: { head: Record<string, unknown>; afterBlocking: Record<string, unknown> } = {
    head: {},
    afterBlocking: {},
  },
): ModuleDescriptor {
  // Key order follows PHP's property order: the module class's own fields, then the base class's.
  const descriptor: Record<string, unknown> = {
    id: spec.id,
    ...triggerFields.head,
    name: spec.name,
    description: spec.description ?? '',
    icon: spec.icon ?? '',
    inputs: spec.inputs ?? defaults.inputs,
    outputs: spec.outputs ?? defaults.outputs,
    blocking: spec.blocking ?? false,
    ...triggerFields.afterBlocking,
    ...(spec.extra ?? {}),
    is_misp_module: spec.is_misp_module ?? false,
    is_custom: spec.is_custom ?? false,
    expect_misp_core_format: spec.expect_misp_core_format ?? false,
    version: spec.version ?? '0.1',
    icon_class: spec.icon_class ?? '',
    multiple_output_connection: spec.multiple_output_connection ?? false,
    support_filters: spec.support_filters ?? false,
    saved_filters: defaultSavedFilters(),
    params: spec.params ?? [],
    module_type: moduleType,
  }
  if (spec.icon_path !== undefined) descriptor.icon_path = spec.icon_path
  if (spec.html_template !== undefined) descriptor.html_template = spec.html_template
  return descriptor as ModuleDescriptor
}

/** Defines a logic module: 1 input, 2 outputs (`then`/`else`) unless stated (spec/ENGINE.md §4.2). */
export function defineLogicModule<P = Record<string, any>>(spec: ExecModuleSpec<P>): WorkflowModule<P> {
  return {
    descriptor: baseDescriptor(spec, 'logic', { inputs: 1, outputs: 2 }),
    exec: spec.exec,
    ...(spec.validateParams ? { validateParams: spec.validateParams } : {}),
  }
}

/**
 * Defines an action module: 1 input and 1 output unless stated. MISP's base class says 0/0,
 * but every built-in action sets 1/1 (spec/ENGINE.md §1.5), so that is the useful default.
 */
export function defineActionModule<P = Record<string, any>>(spec: ExecModuleSpec<P>): WorkflowModule<P> {
  return {
    descriptor: baseDescriptor(spec, 'action', { inputs: 1, outputs: 1 }),
    exec: spec.exec,
    ...(spec.validateParams ? { validateParams: spec.validateParams } : {}),
    ...(spec.ownTemplates ? { ownTemplates: spec.ownTemplates } : {}),
  }
}

/** A trigger module file (spec/ENGINE.md §4.1). */
export interface TriggerSpec extends ModuleSpec {
  scope: string
  misp_core_format: boolean
  trigger_overhead?: number
  trigger_overhead_message?: string
  normalise(raw: unknown, ctx: NormaliseContext): Promise<unknown | false>
  conditionsHold?(raw: unknown, params: Record<string, unknown>): boolean
  /**
   * The public properties MISP's trigger class declares itself, in order, when they are not the
   * usual ones (triggers/php-property-order.ts): the descriptor's keys follow PHP reflection.
   */
  declares?: readonly string[]
}

/** Defines a trigger: 0 inputs, 1 output, `html_template: "trigger"` (spec/ENGINE.md §4.1). */
export function defineTrigger(spec: TriggerSpec): TriggerModule {
  const descriptor = baseDescriptor(
    { html_template: 'trigger', ...spec },
    'trigger',
    { inputs: 0, outputs: 1 },
    {
      head: { scope: spec.scope },
      afterBlocking: {
        misp_core_format: spec.misp_core_format,
        trigger_overhead: spec.trigger_overhead ?? 1,
        trigger_overhead_message: spec.trigger_overhead_message ?? '',
      },
    },
  )
  const result: TriggerModule = {
    descriptor: spec.declares ? inDeclaredOrder(descriptor, spec.declares) : descriptor,
    normalise: spec.normalise,
  }
  if (spec.conditionsHold) result.conditionsHold = spec.conditionsHold
  return result
}
