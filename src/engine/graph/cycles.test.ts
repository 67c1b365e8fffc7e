import { describe, expect, it } from 'vitest'
import { buildGraph } from '../../../test/harness/graph-builder.ts'
import { findCycle } from './cycles.ts'
import { parseGraph } from './parse.ts'

const trigger = (outputs: number[]) => ({
  id: 1,
  module: 'event-publish',
  type: 'trigger' as const,
  outputs: { output_1: outputs },
})
const action = (id: number, outputs: number[] = []) => ({
  id,
  module: 'probe',
  type: 'action' as const,
  outputs: { output_1: outputs },
  multiple: true,
})

describe('findCycle', () => {
  /*
   *   1 ──► 2 ──► 3 ──► 4
   *         ▲           │
   *         └───────────┘
   */
  it('lists the cycle 2 → 3 → 4 → 2 from the closing back edge backwards, as MISP does (§3.2.1)', () => {
    const graph = parseGraph(buildGraph([trigger([2]), action(2, [3]), action(3, [4]), action(4, [2])]))
    expect(findCycle(graph)).toEqual({
      is_acyclic: false,
      cycles: [
        [4, 2, 'Cycle'],
        [3, 4, 'Cycle'],
        [2, 3, 'Cycle'],
      ],
    })
  })

  /*
   *   1 ──► 2 ──► 3 ──► 4
   *               ▲     │
   *               └─────┘
   */
  it('leaves out the edges leading to the cycle', () => {
    const graph = parseGraph(buildGraph([trigger([2]), action(2, [3]), action(3, [4]), action(4, [3])]))
    expect(findCycle(graph).cycles).toEqual([
      [4, 3, 'Cycle'],
      [3, 4, 'Cycle'],
    ])
  })

  /*
   *   1 ──► 2 ──┐
   *         ▲   │
   *         └───┘
   */
  it('reports a self loop with the edges leading to it, as MISP does', () => {
    // MISP quirk: the back edge 2 → 2 is found in 2's own DFS, where loopNode is never cleared,
    // so every edge on the way back up is recorded too.
    const graph = parseGraph(buildGraph([trigger([2]), action(2, [2])]))
    expect(findCycle(graph)).toEqual({
      is_acyclic: false,
      cycles: [
        [2, 2, 'Cycle'],
        [1, 2, 'Cycle'],
      ],
    })
  })

  it('reports a self loop on the first node in graph order as a one-edge cycle', () => {
    const graph = parseGraph(buildGraph([action(1, [1])]))
    expect(findCycle(graph)).toEqual({ is_acyclic: false, cycles: [[1, 1, 'Cycle']] })
  })

  /*
   *         ┌──► 3 ──┐
   *   1 ──► 2        ├──► 5
   *         └──► 4 ──┘
   */
  it('finds no cycle in a diamond', () => {
    const graph = parseGraph(buildGraph([trigger([2]), action(2, [3, 4]), action(3, [5]), action(4, [5]), action(5)]))
    expect(findCycle(graph)).toEqual({ is_acyclic: true, cycles: [] })
  })

  it('ignores connections to nodes outside the graph', () => {
    const graph = parseGraph(buildGraph([trigger([2]), action(2, [9])]))
    expect(findCycle(graph)).toEqual({ is_acyclic: true, cycles: [] })
  })

  /*
   *   1 ──► 2 ⇄ 3      4 ⇄ 5
   */
  it('stops at the first cycle found in graph order', () => {
    const graph = parseGraph(buildGraph([trigger([2]), action(2, [3]), action(3, [2]), action(4, [5]), action(5, [4])]))
    expect(findCycle(graph).cycles).toEqual([
      [3, 2, 'Cycle'],
      [2, 3, 'Cycle'],
    ])
  })

  it('follows every output of a node, in stored order', () => {
    const graph = parseGraph(
      buildGraph([
        trigger([2]),
        { id: 2, module: 'decide', type: 'logic', outputs: { output_1: [3], output_2: [4] } },
        action(3),
        action(4, [2]),
      ]),
    )
    expect(findCycle(graph).cycles).toEqual([
      [4, 2, 'Cycle'],
      [2, 4, 'Cycle'],
    ])
  })

  it('finds no cycle in an empty graph', () => {
    expect(findCycle(parseGraph([]))).toEqual({ is_acyclic: true, cycles: [] })
  })
})
