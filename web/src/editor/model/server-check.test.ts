import { describe, expect, it } from 'vitest'
import { readDrawflow } from './drawflow.ts'
import type { Problem } from './problems.ts'
import { serverProblems } from './server-check.ts'

const doc = readDrawflow({
  '5': { id: 5, data: { id: 'concurrent-task', module_type: 'logic', name: 'Concurrent Task' }, outputs: {} },
  '6': { id: 6, data: { id: 'stop-execution', module_type: 'action', name: 'Stop execution' }, outputs: {} },
})

describe('serverProblems', () => {
  const check = {
    is_acyclic: { is_acyclic: true, cycles: [] },
    multiple_output_connection: { has_multiple_output_connection: true, edges: { '5': [6, 7] } },
    path_warnings: {
      has_path_warnings: true,
      edges: [['5', '6', 'This path leads to a blocking node from a non-blocking context', true, 'stop-execution', 6]],
    },
  } as never

  it('names what the server found, in words', () => {
    expect(serverProblems(check, doc, []).map((p) => [p.id, p.severity, p.nodeKey])).toEqual([
      ['server:fan-out:5', 'error', '5'],
      ['server:path:6', 'warning', '6'],
    ])
  })

  it('leaves out what the editor’s own checks already list', () => {
    const local: Problem[] = [
      { id: 'fan-out:5:output_1', severity: 'error', message: '' },
      { id: 'path:6', severity: 'warning', message: '' },
    ]
    expect(serverProblems(check, doc, local)).toEqual([])
  })
})
