import { describe, expect, it } from 'vitest'
import { buildGraph, logicNode, type NodeSpec, probeAction } from '../../../test/harness/graph-builder.ts'
import type { PathType } from '../contract/index.ts'
import { type IndexedNode, type NodeOutput, parseGraph } from '../graph/parse.ts'
import { edgeId, walkGraph } from './walker.ts'

/**
 * A consumer that records every call as one line. Logic nodes follow the outputs named in
 * `choices` (all their outputs when not named).
 */
function recorder(choices: Record<string, string[]> = {}) {
  const calls: string[] = []
  const line = (kind: string, key: string, pathType: PathType, path: string[]) =>
    calls.push(`${kind} ${key} ${pathType} [${path.join(' ')}]`)
  return {
    calls,
    visit(node: IndexedNode, pathType: PathType, path: string[]) {
      line('visit', node.key, pathType, path)
    },
    evaluateLogic(node: IndexedNode, pathType: PathType, path: string[]): NodeOutput[] {
      line('logic', node.key, pathType, path)
      const chosen = choices[node.key]
      return chosen ? node.outputs.filter((output) => chosen.includes(output.name)) : node.outputs
    },
    missingNode(target: string, pathType: PathType, path: string[]) {
      line('missing', target, pathType, path)
    },
  }
}

const trigger = (outputs: number[]): NodeSpec => ({
  id: 1,
  module: 'event-publish',
  type: 'trigger',
  outputs: { output_1: outputs },
})
const action = probeAction
const logic = logicNode

async function walk(nodes: NodeSpec[], forPath: PathType = 'blocking', choices = {}, start = '1') {
  const consumer = recorder(choices)
  await walkGraph(parseGraph(buildGraph(nodes)), start, forPath, consumer)
  return consumer.calls
}

describe('edgeId', () => {
  it('joins source, output, connection index and target with colons', () => {
    expect(edgeId('2', 'output_1', 0, '3')).toBe('2:output_1:0:3')
  })
})

describe('walkGraph', () => {
  /*
   *   1 ──► 2 ──┬──► 3 ──► 5
   *             └──► 4
   */
  it('walks depth-first in pre-order, handing each node the path that led to it', async () => {
    expect(await walk([trigger([2]), action(2, [3, 4]), action(3, [5]), action(4), action(5)])).toEqual([
      'visit 2 blocking [1:output_1:0:2]',
      'visit 3 blocking [1:output_1:0:2 2:output_1:0:3]',
      'visit 5 blocking [1:output_1:0:2 2:output_1:0:3 3:output_1:0:5]',
      'visit 4 blocking [1:output_1:0:2 2:output_1:1:4]',
    ])
  })

  /*
   *   1 ──► 2 ──┬──► 3 ──┐
   *             └──► 4 ──┴──► 5
   */
  it('visits the join node of a diamond once per path, as MISP does', async () => {
    expect(await walk([trigger([2]), action(2, [3, 4]), action(3, [5]), action(4, [5]), action(5)])).toEqual([
      'visit 2 blocking [1:output_1:0:2]',
      'visit 3 blocking [1:output_1:0:2 2:output_1:0:3]',
      'visit 5 blocking [1:output_1:0:2 2:output_1:0:3 3:output_1:0:5]',
      'visit 4 blocking [1:output_1:0:2 2:output_1:1:4]',
      'visit 5 blocking [1:output_1:0:2 2:output_1:1:4 4:output_1:0:5]',
    ])
  })

  /*
   *   1 ──► 2 ──► 3
   *         ▲     │
   *         └─────┘
   */
  it('never repeats an edge within a path, so a cycle ends', async () => {
    expect(await walk([trigger([2]), action(2, [3]), action(3, [2])])).toEqual([
      'visit 2 blocking [1:output_1:0:2]',
      'visit 3 blocking [1:output_1:0:2 2:output_1:0:3]',
      'visit 2 blocking [1:output_1:0:2 2:output_1:0:3 3:output_1:0:2]',
    ])
  })

  it('ends a self loop after one round', async () => {
    expect(await walk([trigger([2]), action(2, [2])])).toEqual([
      'visit 2 blocking [1:output_1:0:2]',
      'visit 2 blocking [1:output_1:0:2 2:output_1:0:2]',
    ])
  })

  /*
   *   1 trigger ──► 2 decide ──then──► 3
   *                          └─else──► 4
   */
  it('hands trigger and logic nodes to the consumer only to evaluate the logic', async () => {
    const nodes = [trigger([2]), logic(2, 'decide', { output_1: [3], output_2: [4] }), action(3), action(4)]
    expect(await walk(nodes, 'blocking', { 2: ['output_2'] })).toEqual([
      'logic 2 blocking [1:output_1:0:2]',
      'visit 4 blocking [1:output_1:0:2 2:output_2:0:4]',
    ])
  })

  it('produces every node and follows every output in `include-logic` mode, evaluating nothing', async () => {
    const nodes = [trigger([2]), logic(2, 'decide', { output_1: [3], output_2: [4] }), action(3), action(4)]
    expect(await walk(nodes, 'include-logic', { 2: ['output_2'] })).toEqual([
      'visit 1 include-logic []',
      'visit 2 include-logic [1:output_1:0:2]',
      'visit 3 include-logic [1:output_1:0:2 2:output_1:0:3]',
      'visit 4 include-logic [1:output_1:0:2 2:output_2:0:4]',
    ])
  })

  it('follows outputs in stored order and connections in list order', async () => {
    const nodes = [
      trigger([2]),
      { id: 2, module: 'probe', type: 'action', outputs: { output_2: [5, 3], output_1: [4] }, multiple: true },
      action(3),
      action(4),
      action(5),
    ] as NodeSpec[]
    expect((await walk(nodes)).map((call) => call.split(' ')[1])).toEqual(['2', '5', '3', '4'])
  })

  it('walks every output of a trigger node, legacy `output_2` included', async () => {
    const nodes: NodeSpec[] = [
      { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2], output_2: [3] } },
      action(2),
      action(3),
    ]
    expect(await walk(nodes)).toEqual(['visit 2 blocking [1:output_1:0:2]', 'visit 3 blocking [1:output_2:0:3]'])
  })

  /*
   *   1 ──► 2 concurrent-task ──► 3
   */
  it('does not follow a concurrent task’s outputs in a blocking walk', async () => {
    const nodes = [trigger([2]), logic(2, 'concurrent-task', { output_1: [3] }), action(3)]
    expect(await walk(nodes, 'blocking')).toEqual(['logic 2 blocking [1:output_1:0:2]'])
  })

  it('follows a concurrent task’s outputs as non-blocking in a non-blocking walk', async () => {
    const nodes = [trigger([2]), logic(2, 'concurrent-task', { output_1: [3] }), action(3, [4]), action(4)]
    expect(await walk(nodes, 'non-blocking')).toEqual([
      'logic 2 non-blocking [1:output_1:0:2]',
      'visit 3 non-blocking [1:output_1:0:2 2:output_1:0:3]',
      'visit 4 non-blocking [1:output_1:0:2 2:output_1:0:3 3:output_1:0:4]',
    ])
  })

  it('switches every remaining output of a concurrent task to non-blocking', async () => {
    const nodes = [trigger([2]), logic(2, 'concurrent-task', { output_1: [3], output_2: [4] }), action(3), action(4)]
    expect(await walk(nodes, 'blocking')).toEqual(['logic 2 blocking [1:output_1:0:2]'])
    expect((await walk(nodes, 'non-blocking')).map((call) => call.split(' ').slice(0, 3).join(' '))).toEqual([
      'logic 2 non-blocking',
      'visit 3 non-blocking',
      'visit 4 non-blocking',
    ])
  })

  it('switches the path type only for a logic node named concurrent-task, as MISP’s _getPathType does', async () => {
    const misnamed: NodeSpec = { id: 2, module: 'concurrent-task', type: 'action', outputs: { output_1: [3] } }
    expect(await walk([trigger([2]), misnamed, action(3)], 'blocking')).toEqual([
      'visit 2 blocking [1:output_1:0:2]',
      'visit 3 blocking [1:output_1:0:2 2:output_1:0:3]',
    ])
  })

  it('does not switch path type at a concurrent task in `include-logic` mode', async () => {
    const nodes = [trigger([2]), logic(2, 'concurrent-task', { output_1: [3] }), action(3)]
    expect(await walk(nodes, 'include-logic')).toEqual([
      'visit 1 include-logic []',
      'visit 2 include-logic [1:output_1:0:2]',
      'visit 3 include-logic [1:output_1:0:2 2:output_1:0:3]',
    ])
  })

  it('walks from a start node other than the trigger with an empty path', async () => {
    expect(await walk([trigger([2]), action(2, [3]), action(3)], 'non-blocking', {}, '2')).toEqual([
      'visit 2 non-blocking []',
      'visit 3 non-blocking [2:output_1:0:3]',
    ])
  })

  it('gives an empty walk for an unknown path type, as MISP does', async () => {
    expect(await walk([trigger([2]), action(2)], 'sideways' as PathType)).toEqual([])
    expect(await walk([trigger([2]), action(2)], 'sideways' as PathType, {}, '9')).toEqual([])
  })

  it('throws `Could not find start node <id>` for a missing start node', async () => {
    await expect(walk([trigger([2]), action(2)], 'blocking', {}, '9')).rejects.toMatchObject({
      code: 'SLC_GRAPH_INVALID',
      message: 'Could not find start node 9',
    })
  })

  it('reports a connection to a missing node to the consumer and goes on', async () => {
    expect(await walk([trigger([2]), action(2, [9, 3]), action(3)])).toEqual([
      'visit 2 blocking [1:output_1:0:2]',
      'missing 9 blocking [1:output_1:0:2 2:output_1:0:9]',
      'visit 3 blocking [1:output_1:0:2 2:output_1:1:3]',
    ])
  })

  it('waits for the consumer before deciding the next step', async () => {
    const order: string[] = []
    const graph = parseGraph(
      buildGraph([trigger([2]), action(2, [3]), logic(3, 'decide', { output_1: [4] }), action(4)]),
    )
    await walkGraph(graph, '1', 'blocking', {
      async visit(node) {
        await new Promise((resolve) => setTimeout(resolve, 5))
        order.push(`visited ${node.key}`)
      },
      async evaluateLogic(node) {
        order.push(`logic ${node.key}`)
        return node.outputs
      },
      missingNode() {},
    })
    expect(order).toEqual(['visited 2', 'logic 3', 'visited 4'])
  })
})
