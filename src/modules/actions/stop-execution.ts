import { isEmpty } from '../../format/index.ts'
import { defineActionModule } from '../define.ts'

const DEFAULT_MESSAGE = 'Execution stopped'

/**
 * Stop execution (blocking): records the stop message as the node's error and fails, so a
 * blocking walk ends `blocked` (spec/ENGINE.md §4.3, §2.2). The engine renders the Jinja
 * `message` before `exec`; an empty message (PHP `empty()`: `""`, `"0"`, null) gives the default.
 */
export const stopExecution = defineActionModule<{ message?: unknown }>({
  id: 'stop-execution',
  name: 'Stop execution',
  description: 'Essentially stops the execution for blocking workflows. Do nothing for non-blocking ones',
  version: '0.2',
  icon: 'ban',
  outputs: 0,
  blocking: true,
  params: [
    {
      id: 'message',
      label: 'Stop message',
      type: 'input',
      default: DEFAULT_MESSAGE,
      placeholder: DEFAULT_MESSAGE,
      jinja_supported: true,
    },
  ],
  exec({ params, errors }) {
    errors.push(isEmpty(params.message) ? DEFAULT_MESSAGE : String(params.message))
    return false
  },
})
