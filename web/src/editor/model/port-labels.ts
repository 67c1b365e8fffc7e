/**
 * What each output port means, in words (spec/UI.md §3.4): IF modules' `output_1` is *then*
 * and `output_2` *else*; a concurrent task's output is *concurrent tasks*. Shown on the node and
 * in the connections form, so a port's meaning is never only a colour or a hover label.
 */
import type { ModuleDescriptor } from '../../../../src/engine/contract/index.ts'

/** The words shown next to an output, so the port's meaning is not only a colour or a hover. */
export function outputLabel(module: ModuleDescriptor | undefined, port: string, count: number): string {
  if (module?.html_template === 'if' || (module?.module_type === 'logic' && count === 2)) {
    return port === 'output_1' ? 'then' : port === 'output_2' ? 'else' : port
  }
  if (module?.html_template === 'concurrent') return 'concurrent tasks'
  return count > 1 ? port.replace('output_', 'output ') : 'output'
}
