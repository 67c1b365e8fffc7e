/** Module descriptors for the editor's unit tests (never imported by the app). */
import type { ModuleDescriptor } from '../../../src/engine/contract/index.ts'

/** A descriptor of module `id` of `type` with MISP's port defaults, no params, and `extra` on top. */
export function testDescriptor(
  id: string,
  type: ModuleDescriptor['module_type'],
  extra: Partial<ModuleDescriptor> = {},
): ModuleDescriptor {
  return {
    id,
    name: id,
    description: '',
    version: '0.1',
    module_type: type,
    icon: '',
    icon_class: '',
    inputs: type === 'trigger' ? 0 : 1,
    outputs: type === 'logic' ? 2 : 1,
    blocking: false,
    expect_misp_core_format: false,
    support_filters: false,
    saved_filters: [],
    multiple_output_connection: false,
    params: [],
    is_misp_module: false,
    is_custom: false,
    ...extra,
  }
}
