/**
 * Concurrent Task (spec/ENGINE.md §4.2, §2.5, §2.6.3): hands the rest of the walk to
 * background jobs, one per outgoing connection.
 *
 * The deferral itself is the engine's business, not this module's. For each connection of
 * `output_1` the walker stores the view with `__node_id_to_exec = <target node id>`, executes
 * this node, then captures the data it left behind and hands `{ nodeId, data }` to the
 * `Deferrer`. `exec` only does MISP's clean-up: it reads the view, removes
 * `__node_id_to_exec` and stores the rest, so that with path filters active the filtered
 * view becomes the stored payload, as in MISP.
 */
import type { PhpMap } from '../../format/index.ts'
import { defineLogicModule } from '../define.ts'

/** The id the walker recognises to defer instead of following outputs (spec/ENGINE.md §2.5). */
export const CONCURRENT_TASK_ID = 'concurrent-task'

/** The key through which the walker names the node a deferred walk starts from (spec/ENGINE.md §2.6.3). */
export const NODE_ID_TO_EXEC_KEY = '__node_id_to_exec'

/** Concurrent Task: removes `__node_id_to_exec` from the data; always true (spec/ENGINE.md §4.2). */
export const concurrentTask = defineLogicModule({
  id: CONCURRENT_TASK_ID,
  name: 'Concurrent Task',
  version: '0.1',
  description:
    'Allow breaking the execution process and running concurrent tasks. You can connect multiple nodes the `concurrent` output.',
  icon: 'random',
  outputs: 1,
  multiple_output_connection: true,
  html_template: 'concurrent',
  exec({ data, setData }) {
    const view: unknown = data
    if (typeof view === 'object' && view !== null && !Array.isArray(view) && Object.hasOwn(view, NODE_ID_TO_EXEC_KEY)) {
      const { [NODE_ID_TO_EXEC_KEY]: _nodeId, ...rest } = view as PhpMap
      setData(rest)
    } else {
      setData(view)
    }
    return true
  },
})
