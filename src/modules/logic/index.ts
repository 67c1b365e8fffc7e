/** The ten built-in logic modules (spec/ENGINE.md §4.2), listed explicitly (STYLE.md). */
import type { WorkflowModule } from '../../engine/index.ts'
import { concurrentTask } from './concurrent-task.ts'
import { countIf } from './count-if.ts'
import { distributionIf } from './distribution-if.ts'
import { genericFilterData } from './generic-filter-data.ts'
import { genericFilterReset } from './generic-filter-reset.ts'
import { genericIf } from './generic-if.ts'
import { organisationIf } from './organisation-if.ts'
import { publishedIf } from './published-if.ts'
import { tagIf } from './tag-if.ts'
import { threatLevelIf } from './threat-level-if.ts'

export { CONCURRENT_TASK_ID, concurrentTask, NODE_ID_TO_EXEC_KEY } from './concurrent-task.ts'
export { countIf } from './count-if.ts'
export { distributionIf } from './distribution-if.ts'
export { FILTER_OPERATORS, genericFilterData } from './generic-filter-data.ts'
export { genericFilterReset } from './generic-filter-reset.ts'
export { genericIf } from './generic-if.ts'
export { organisationIf } from './organisation-if.ts'
export { publishedIf } from './published-if.ts'
export { tagIf } from './tag-if.ts'
export { threatLevelIf } from './threat-level-if.ts'

/** Every built-in logic module, in MISP's catalogue order (by id). */
export const logicModules: WorkflowModule[] = [
  concurrentTask,
  countIf,
  distributionIf,
  genericFilterData,
  genericFilterReset,
  genericIf,
  organisationIf,
  publishedIf,
  tagIf,
  threatLevelIf,
] as WorkflowModule[]
