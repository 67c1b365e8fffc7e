import { describe, expect, it } from 'vitest'
import { buildGraph, type NodeSpec } from '../../../test/harness/graph-builder.ts'
import { testCatalogue } from '../../../test/harness/test-modules.ts'
import { createBuiltinRegistry } from '../../modules/index.ts'
import { checkGraph, PATH_WARNING_TEXT } from './check-graph.ts'
import { parseGraph } from './parse.ts'

const registry = createBuiltinRegistry()

const trigger = (outputs: number[]): NodeSpec => ({
  id: 1,
  module: 'event-publish',
  type: 'trigger',
  outputs: { output_1: outputs },
})
const concurrent = (id: number, outputs: number[]): NodeSpec => ({
  id,
  module: 'concurrent-task',
  type: 'logic',
  outputs: { output_1: outputs },
  multiple: true,
})
const action = (id: number, module: string, outputs: number[] = []): NodeSpec => ({
  id,
  module,
  type: 'action',
  outputs: { output_1: outputs },
})

const check = (nodes: NodeSpec[], catalogue = registry) => checkGraph(parseGraph(buildGraph(nodes)), catalogue)

describe('checkGraph', () => {
  it('answers in MISP’s shape for an acyclic graph without problems', () => {
    const answer = check([trigger([2]), action(2, 'tag_operation', [3]), action(3, 'stop-execution')])
    expect(answer).toEqual({
      is_acyclic: { is_acyclic: true, cycles: [] },
      multiple_output_connection: { has_multiple_output_connection: false, edges: {} },
      path_warnings: { has_path_warnings: false, edges: [] },
    })
  })

  it('reports a cycle in `is_acyclic`', () => {
    const answer = check([trigger([2]), action(2, 'tag_operation', [3]), action(3, 'tag_operation', [2])])
    expect(answer.is_acyclic).toEqual({
      is_acyclic: false,
      cycles: [
        [3, 2, 'Cycle'],
        [2, 3, 'Cycle'],
      ],
    })
  })

  it('lists crowded outputs by source node with integer targets', () => {
    const answer = check([
      trigger([2, 3]),
      action(2, 'tag_operation'),
      action(3, 'tag_operation', [4]),
      action(4, 'tag_operation'),
    ])
    expect(answer.multiple_output_connection).toEqual({ has_multiple_output_connection: true, edges: { 1: [2, 3] } })
  })

  it('keeps the last crowded output of a node, as MISP does', () => {
    const answer = check([
      trigger([2]),
      { id: 2, module: 'tag-if', type: 'logic', outputs: { output_1: [3, 4], output_2: [5, 6] } },
      ...[3, 4, 5, 6].map((id) => action(id, 'tag_operation')),
    ])
    expect(answer.multiple_output_connection.edges).toEqual({ 2: [5, 6] })
  })

  it('leaves out nodes that allow several connections', () => {
    const answer = check([trigger([2]), concurrent(2, [3, 4]), action(3, 'tag_operation'), action(4, 'tag_operation')])
    expect(answer.multiple_output_connection).toEqual({ has_multiple_output_connection: false, edges: {} })
  })

  it('counts a node whose `multiple_output_connection` is "0" as crowded, as MISP’s empty() does', () => {
    const answer = check([
      trigger([2]),
      { ...action(2, 'tag_operation', [3, 4]), data: { multiple_output_connection: '0' } },
      action(3, 'tag_operation'),
      action(4, 'tag_operation'),
    ])
    expect(answer.multiple_output_connection.edges).toEqual({ 2: [3, 4] })
  })

  /*
   *   1 trigger ──► 2 concurrent-task ──► 3 tag_operation ──► 4 stop-execution (blocking)
   */
  it('warns about each edge of the path from a concurrent task to a blocking module', () => {
    const answer = check([
      trigger([2]),
      concurrent(2, [3]),
      action(3, 'tag_operation', [4]),
      action(4, 'stop-execution'),
    ])
    expect(answer.path_warnings).toEqual({
      has_path_warnings: true,
      edges: [
        ['2', '3', PATH_WARNING_TEXT, true, 'stop-execution', 4],
        ['3', '4', PATH_WARNING_TEXT, true, 'stop-execution', 4],
      ],
    })
    expect(PATH_WARNING_TEXT).toBe('This path leads to a blocking node from a non-blocking context')
  })

  /*
   *                        ┌──► 3 stop-execution
   *   1 ──► 2 concurrent ──┤
   *                        └──► 4 stop-execution
   */
  it('warns once per blocking node reached, in walk order', () => {
    const answer = check([
      trigger([2]),
      concurrent(2, [3, 4]),
      action(3, 'stop-execution'),
      action(4, 'stop-execution'),
    ])
    expect(answer.path_warnings.edges).toEqual([
      ['2', '3', PATH_WARNING_TEXT, true, 'stop-execution', 3],
      ['2', '4', PATH_WARNING_TEXT, true, 'stop-execution', 4],
    ])
  })

  /*
   *   1 ──► 2 concurrent ──► 3 halt (blocking) ──► 4 halt (blocking)
   */
  it('repeats an edge shared by the paths to two blocking modules, as MISP does', () => {
    const answer = check(
      [trigger([2]), concurrent(2, [3]), action(3, 'halt', [4]), action(4, 'halt')],
      testCatalogue([]),
    )
    expect(answer.path_warnings.edges).toEqual([
      ['2', '3', PATH_WARNING_TEXT, true, 'halt', 3],
      ['2', '3', PATH_WARNING_TEXT, true, 'halt', 4],
      ['3', '4', PATH_WARNING_TEXT, true, 'halt', 4],
    ])
  })

  it('gives no path warning for a blocking module without a concurrent task before it', () => {
    const answer = check([trigger([2]), action(2, 'tag_operation', [3]), action(3, 'stop-execution')])
    expect(answer.path_warnings).toEqual({ has_path_warnings: false, edges: [] })
  })

  it('counts unknown modules as non-blocking', () => {
    const answer = check([trigger([2]), concurrent(2, [3]), action(3, 'no-such-action')])
    expect(answer.path_warnings).toEqual({ has_path_warnings: false, edges: [] })
  })
})
