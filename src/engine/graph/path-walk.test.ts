import { describe, expect, it } from 'vitest'
import { buildGraph, logicNode, probeAction } from '../../../test/harness/graph-builder.ts'
import { type IndexedNode, type ParsedGraph, parseGraph } from './parse.ts'
import { createPathBudget, walkPaths } from './path-walk.ts'

const action = probeAction
const logic = logicNode

/** Every node `walkPaths` reaches from `startKey`, with a copy of the path that led there. */
function reached(graph: ParsedGraph, startKey: string): Array<{ node: IndexedNode; path: string[] }> {
  const list: Array<{ node: IndexedNode; path: string[] }> = []
  walkPaths(graph, startKey, (node, path) => list.push({ node, path: [...path] }), createPathBudget())
  return list
}

describe('walkPaths', () => {
  /*
   *   2 ──► 3 decide ──then──► 4 ──┐
   *                  └─else──► 5 ──┴──► 6
   */
  it('lists every node reachable from the start with its path, nothing evaluated', () => {
    const graph = parseGraph(
      buildGraph([
        action(2, [3]),
        logic(3, 'decide', { output_1: [4], output_2: [5] }),
        action(4, [6]),
        action(5, [6]),
        action(6),
      ]),
    )
    expect(reached(graph, '2').map(({ node, path }) => [node.key, path])).toEqual([
      ['2', []],
      ['3', ['2:output_1:0:3']],
      ['4', ['2:output_1:0:3', '3:output_1:0:4']],
      ['6', ['2:output_1:0:3', '3:output_1:0:4', '4:output_1:0:6']],
      ['5', ['2:output_1:0:3', '3:output_2:0:5']],
      ['6', ['2:output_1:0:3', '3:output_2:0:5', '5:output_1:0:6']],
    ])
  })

  it('skips connections to missing nodes and ends cycles', () => {
    const graph = parseGraph(buildGraph([action(2, [9, 3]), action(3, [2])]))
    expect(reached(graph, '2').map(({ node, path }) => [node.key, path.length])).toEqual([
      ['2', 0],
      ['3', 1],
      ['2', 2],
    ])
  })

  it('lists nothing for a missing start node', () => {
    expect(reached(parseGraph(buildGraph([action(2)])), '9')).toEqual([])
  })
})
