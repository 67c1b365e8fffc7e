import { describe, expect, it } from 'vitest'
import { traceOverlay } from './run-trace.ts'

describe('traceOverlay', () => {
  it('names each node’s status, branch and duration, and marks the node that blocked', () => {
    const overlay = traceOverlay(
      [
        { nodeId: '1', status: 'success', durationMs: 0.2, errors: [] },
        { nodeId: '2', status: 'success', branch: ['output_1'], durationMs: 3.4, errors: [] },
        { nodeId: '3', status: 'error', durationMs: 1, errors: ['Execution stopped'] },
      ],
      ['3'],
    )
    expect(overlay.get('1')?.label).toBe('Run: success · <1 ms')
    expect(overlay.get('2')?.label).toBe('Run: success → then · 3 ms')
    expect(overlay.get('3')).toMatchObject({ status: 'blocked', label: 'Run: blocked · 1 ms · 1 error(s)' })
  })
})
