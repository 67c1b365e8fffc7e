/**
 * A DataBackend for module-level tests of the data actions (issue #5): it records every data
 * operation a module asks for and answers from a small in-memory state. The end-to-end tests
 * (test/actions-*.test.ts) run the same modules on the real platform.
 */
import type {
  AttributeChanges,
  DataBackend,
  DataOperations,
  TagAttachment,
  TagDetachment,
  TagTarget,
} from '../../src/engine/index.ts'

/** One recorded call. */
export interface RecordedCall {
  operation: keyof DataOperations
  args: unknown[]
}

/** The backend and what it recorded. */
export interface RecordingBackend {
  backend: DataBackend
  calls: RecordedCall[]
  /** The calls of one operation, arguments only. */
  argsOf(operation: keyof DataOperations): unknown[][]
}

const noLookups = {
  fetchSimpleEvent: async () => null,
  fetchObjectSimple: async () => null,
  quickFetchEvent: async () => null,
  fetchAttribute: async () => null,
  fetchThread: async () => null,
  fetchEventRow: async () => null,
}

/** A recording backend; `overrides` replace the default answers of chosen operations. */
export function recordingBackend(overrides: Partial<DataOperations> = {}): RecordingBackend {
  const calls: RecordedCall[] = []
  const record =
    <A extends unknown[], R>(operation: keyof DataOperations, answer: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      calls.push({ operation, args })
      return answer(...args)
    }
  const defaults: DataOperations = {
    attachTag: async (_target: TagTarget, _tag: TagAttachment) => true,
    detachTag: async (_target: TagTarget, _tag: TagDetachment) => true,
    editAttribute: async (id: string, changes: AttributeChanges) => ({ id, ...changes, timestamp: '1700000000' }),
  }
  const operations = { ...defaults, ...overrides } as Record<string, (...args: unknown[]) => Promise<unknown>>
  const backend: Record<string, unknown> = { ...noLookups }
  for (const [name, answer] of Object.entries(operations)) {
    backend[name] = record(name as keyof DataOperations, answer)
  }
  return {
    backend: backend as unknown as DataBackend,
    calls,
    argsOf: (operation) => calls.filter((call) => call.operation === operation).map((call) => call.args),
  }
}
