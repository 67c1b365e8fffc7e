/**
 * Parameters that hold secrets (docs/outbound.md "Secrets"): webhook headers (an
 * `Authorization` line), the Splunk HEC token, the Telegram bot token, and a Teams webhook URL
 * (its path is the key). They belong to the workflow definition, but copies kept elsewhere (the
 * run history's graph snapshot, exports, logs) should carry `redactGraphSecrets`' mask instead.
 * MISP's descriptors are wire objects compared with MISP's catalogue, so the list lives here
 * rather than as a descriptor key.
 */

/** Module id → ids of its parameters that hold secrets. */
export const SECRET_PARAMS: Readonly<Record<string, readonly string[]>> = {
  webhook: ['headers'],
  'ms-teams-webhook': ['url'],
  'splunk-hec-export': ['hec_token'],
  'telegram-send-alert': ['bot_token'],
}

/**
 * The ids of the secret parameters of module `moduleId`, none for any other module. Own keys
 * only: a module id such as `constructor` (unknown modules save, with a warning) must not find
 * Object's properties.
 */
export function secretParamsOf(moduleId: unknown): readonly string[] {
  return typeof moduleId === 'string' && Object.hasOwn(SECRET_PARAMS, moduleId) ? SECRET_PARAMS[moduleId] : []
}

/** The mask MISP shows for a hidden value. */
export const SECRET_MASK = '******'

/**
 * A copy of a Drawflow workflow graph (`{<node id>: {data: {id, indexed_params}}}`) with every
 * secret parameter value replaced by the mask; the graph itself is not changed. Anything that
 * is not a graph is answered as it is.
 */
export function redactGraphSecrets<T>(graph: T): T {
  if (typeof graph !== 'object' || graph === null) return graph
  let copy: Record<string, any> | null = null
  for (const [key, node] of Object.entries(graph as Record<string, any>)) {
    const moduleId = node?.data?.id
    const params = node?.data?.indexed_params
    const secret = secretParamsOf(moduleId)
    if (secret.length === 0 || typeof params !== 'object' || params === null) continue
    const hidden = secret.filter((id) => typeof params[id] === 'string' && params[id] !== '')
    if (hidden.length === 0) continue
    copy ??= Array.isArray(graph) ? [...graph] : { ...(graph as Record<string, any>) }
    const masked = { ...params }
    for (const id of hidden) masked[id] = SECRET_MASK
    copy[key] = { ...node, data: { ...node.data, indexed_params: masked } }
  }
  return (copy ?? graph) as T
}

/**
 * `graph` (a copy kept with `redactGraphSecrets`' mask) with each masked secret taken back from
 * the same node of `source` (the workflow as saved now) when that node still runs the same
 * module; a mask with no such node stays a mask. Replaying a recorded graph needs the real
 * values, and the saved workflow is the only place that keeps them.
 */
export function restoreGraphSecrets<T>(graph: T, source: unknown): T {
  if (typeof graph !== 'object' || graph === null || typeof source !== 'object' || source === null) return graph
  const saved = source as Record<string, any>
  let copy: Record<string, any> | null = null
  for (const [key, node] of Object.entries(graph as Record<string, any>)) {
    const moduleId = node?.data?.id
    const params = node?.data?.indexed_params
    const secret = secretParamsOf(moduleId)
    if (secret.length === 0 || typeof params !== 'object' || params === null) continue
    const savedNode = saved[key]
    const savedParams = savedNode?.data?.id === moduleId ? savedNode?.data?.indexed_params : undefined
    if (typeof savedParams !== 'object' || savedParams === null) continue
    const restored = secret.filter((id) => params[id] === SECRET_MASK && typeof savedParams[id] === 'string')
    if (restored.length === 0) continue
    copy ??= Array.isArray(graph) ? [...graph] : { ...(graph as Record<string, any>) }
    const values = { ...params }
    for (const id of restored) values[id] = savedParams[id]
    copy[key] = { ...node, data: { ...node.data, indexed_params: values } }
  }
  return (copy ?? graph) as T
}

/**
 * A debug post's `source` (spec/ENGINE.md §2.13: `{node_id, module_id, filters, parameters}`)
 * with the node's secret parameter values masked; `source` itself is not changed, and anything
 * of another shape is answered as it is. MISP's posts carry every parameter of the node.
 */
export function redactDebugSource<T>(source: T): T {
  if (typeof source !== 'object' || source === null) return source
  const { module_id: moduleId, parameters } = source as { module_id?: unknown; parameters?: unknown }
  if (typeof moduleId !== 'string' || typeof parameters !== 'object' || parameters === null) return source
  const secret = secretParamsOf(moduleId)
  const values = parameters as Record<string, unknown>
  const hidden = secret.filter((id) => Object.hasOwn(values, id) && values[id] !== '')
  if (hidden.length === 0) return source
  const masked = { ...values }
  for (const id of hidden) masked[id] = SECRET_MASK
  return { ...source, parameters: masked }
}
