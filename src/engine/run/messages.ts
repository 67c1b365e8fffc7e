/**
 * MISP's log and error texts, verbatim, each with its spec section (Node-RED's message
 * catalogue). Tests compare these exact strings with MISP's.
 */

/** `Node \`<module>\` (<node>) from Workflow \`<name>\` (<id>) returned the following error: <errors>` (§2.6 step 4.3). */
export function nodeErrorLine(
  moduleId: string,
  nodeId: string,
  workflowName: string,
  workflowId: string,
  errors: string[],
): string {
  return `Node \`${moduleId}\` (${nodeId}) from Workflow \`${workflowName}\` (${workflowId}) returned the following error: ${errors.join(', ')}`
}

/** A disabled module refused by executeNode (§2.7 step 3). */
export function disabledModule(moduleId: string): string {
  return `Could not execute disabled module \`${moduleId}\`.`
}

/** No module class for the node's id (§2.7 step 4). */
export function moduleNotFound(moduleId: string): string {
  return `Could not load class for module: ${moduleId}`
}

/** A module threw (§2.7 step 5). */
export function moduleThrew(moduleId: string, message: string): string {
  return `Error while executing module ${moduleId}. Error: ${message}`
}

/** The graph's trigger node is not the fired trigger (§2.1 step 3). */
export const INVALID_START_NODE = 'Invalid start node `-1`'

/** normalizeData threw (§2.2 step 3). */
export function normaliseThrew(message: string): string {
  return `Error while normalizing data for trigger. Error:\n${message}`
}

/** normalizeData returned false (§2.2 step 3). */
export const NORMALISE_INVALID_INPUT = 'Error while normalizing data for trigger. Invalid input.'

/** The trigger's own conditions failed (§2.2 step 6). */
export const TRIGGER_CONDITIONS_FAILED = 'Conditions on the trigger are not satisfied to continue the execution'

/** No workflow user (§2.3). */
export const NO_WORKFLOW_USER =
  'Could not find a valid user to run the workflow. Please set setting `MISP.host_org_id` or make sure a valid site_admin user exists.'

/** The walk returned false (§2.2 step 8). */
export function executionStopped(errors: string[]): string {
  return `Execution stopped. \n${errors.join(', ')}`
}

/** The walk succeeded but errors were recorded (§2.2 step 8). */
export function executionContinued(errors: string[]): string {
  return `Execution encountered an error but continued. \n${errors.join(', ')}`
}

/** Debug log at the start of a run (§2.2 step 1). */
export function startedRun(triggerId: string, workflowId: string): string {
  return `Started executing workflow for trigger \`${triggerId}\` (${workflowId})`
}

/** Debug log at the end of a run (§2.2 step 10). */
export function finishedRun(triggerId: string, workflowId: string, outcome: string): string {
  return `Finished executing workflow for trigger \`${triggerId}\` (${workflowId}). Outcome: ${outcome}`
}

/** Debug log after each executed node (§2.7 step 7; "successfully" even for partial-success, as MISP says). */
export function executedNode(
  moduleId: string,
  nodeId: string,
  workflowName: string,
  workflowId: string,
  status: string,
): string {
  return `Executed node \`${moduleId}\`\nNode \`${moduleId}\` (${nodeId}) from Workflow \`${workflowName}\` (${workflowId}) executed successfully with status: ${status}`
}

/** A deferred concurrent-task walk failed (§2.6.3). */
export function concurrentTaskFailed(errors: string[]): string {
  return `Error while executing workflow concurrent task. \n${errors.join(', ')}`
}

/** A deferred concurrent-task walk completed (§2.6.3, the job message). */
export function concurrentTaskDone(executedCount: number, nodeId: string): string {
  return `Workflow concurrent task executed ${executedCount} nodes starting from node ${nodeId}.`
}

/**
 * Sluice: a connection to a node that does not exist. MISP crashes with a TypeError here
 * (spec/ENGINE.md §10); Sluice fails the run with this error instead.
 */
export function missingNode(target: string, path: string[]): string {
  const from = path.at(-1)?.split(':')[0] ?? '?'
  return `Node ${target} does not exist (connected from node ${from})`
}
