/**
 * Resolving a node's parameter values at run time (spec/ENGINE.md §5.2): for each parameter
 * the module declares, the node's value, else the declared default, else `""`; Jinja-enabled
 * values are rendered against the data view (§5.3). Undeclared keys are ignored.
 */
import type { GraphNode, ParamDescriptor, TemplateRenderer, TemplateSource, WorkflowModule } from '../contract/index.ts'

interface ResolvedStatic {
  values: Record<string, unknown>
  /** Parameters whose value is a non-empty string template to render on every run. */
  templates: ParamDescriptor[]
}

// Keyed by node object and module: a graph's nodes are reused across runs, and so is this work.
const staticCache = new WeakMap<GraphNode, WeakMap<WorkflowModule, ResolvedStatic>>()

const JINJA_SYNTAX = /\{\{|\{%|\{#/

/**
 * Whether rendering `template` could give anything but `template` itself: it holds Jinja syntax,
 * ends with a newline (Jinja drops one trailing newline, as MISP's Python Jinja does) or holds a
 * carriage return (Jinja reads \r\n and \r as \n). Plain text is answered as it is without
 * calling the renderer, which would otherwise build a context from the whole event on every run
 * for nothing.
 */
export function needsRendering(template: string): boolean {
  return JINJA_SYNTAX.test(template) || template.endsWith('\n') || template.includes('\r')
}

function indexedParams(node: GraphNode): Record<string, unknown> {
  const params = node.data.indexed_params
  return typeof params === 'object' && params !== null && !Array.isArray(params) ? params : {}
}

function resolveStatic(module: WorkflowModule, node: GraphNode): ResolvedStatic {
  let perModule = staticCache.get(node)
  const cached = perModule?.get(module)
  if (cached) return cached
  const raw = indexedParams(node)
  const values: Record<string, unknown> = {}
  const templates: ParamDescriptor[] = []
  for (const param of module.descriptor.params) {
    if (typeof param.id !== 'string') continue
    const value = raw[param.id]
    // Only null or absent falls back to the default; "" stays "" (§5.2 step 2).
    values[param.id] = value ?? param.default ?? ''
    // The default is never rendered (§5.2 step 3).
    // A module that renders a parameter per item (WorkflowModule.ownTemplates) gets it raw.
    const isOwnTemplate = module.ownTemplates?.includes(param.id) === true
    if (param.jinja_supported && !isOwnTemplate && typeof value === 'string' && needsRendering(value)) {
      templates.push(param)
    }
  }
  const resolved = { values, templates }
  if (!perModule) {
    perModule = new WeakMap()
    staticCache.set(node, perModule)
  }
  perModule.set(module, resolved)
  return resolved
}

/**
 * The parameter values for one execution. Throws `Jinja rendering failed: …` when a template
 * cannot be rendered (MISP crashes there, Q11); the runner turns that into a node error.
 */
export async function resolveParams(
  module: WorkflowModule,
  node: GraphNode,
  readView: () => unknown,
  renderer: TemplateRenderer | undefined,
): Promise<Record<string, unknown>> {
  const { values, templates } = resolveStatic(module, node)
  if (templates.length === 0) return values
  const rendered = { ...values }
  for (const param of templates) {
    const template = values[param.id] as string
    rendered[param.id] = await renderTemplate(template, readView(), renderer, {
      moduleId: module.descriptor.id,
      paramId: param.id,
    })
  }
  return rendered
}

async function renderTemplate(
  template: string,
  view: unknown,
  renderer: TemplateRenderer | undefined,
  source: TemplateSource,
): Promise<string> {
  const { paramId } = source
  if (!renderer) {
    throw new Error(`Jinja rendering failed: no template renderer is available for parameter \`${paramId}\``)
  }
  try {
    return await renderer.render(template, view, source)
  } catch (error) {
    throw new Error(`Jinja rendering failed for parameter \`${paramId}\`: ${(error as Error).message}`)
  }
}
