import { describe, expect, it } from 'vitest'
import { buildGraph, type NodeSpec } from '../../../test/harness/graph-builder.ts'
import { blueprintFiles } from '../../../test/harness/shared.ts'
import { createBuiltinRegistry } from '../../modules/index.ts'
import { blueprintToMermaid, parseBlueprintNodes, workflowToMermaid } from './mermaid.ts'
import { parseGraph } from './parse.ts'

const registry = createBuiltinRegistry()

/*
 *   1 (trigger) ──▶ 2 (IF :: Tag) ──then──▶ 3 (Stop execution)
 *                                 └─else──▶ 9 (missing)
 */
const nodes: NodeSpec[] = [
  { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
  { id: 2, module: 'tag-if', type: 'logic', outputs: { output_1: [3], output_2: [9] } },
  { id: 3, module: 'stop-execution', type: 'action' },
]
const named = (graph: Record<string, any>) => {
  graph['1'].name = 'Event Publish'
  graph['2'].name = 'IF :: Tag'
  graph['3'].name = 'Stop execution'
  return graph
}

/**
 * Files whose `mermaid` field MISP computed under PHP 7 after GraphUtil began dropping `_frames`
 * with `$key != '_frames'`: in PHP 7, `0 != '_frames'` is false, so the node at list index 0
 * vanished from the picture. PHP 8 keeps it, and so do we; these files are checked against the
 * list without its first node, which reproduces MISP's text exactly.
 */
const RENDERED_BY_PHP7 = new Set([
  'blueprint_curation---assign-a-country-galaxycluster-on-ips.json',
  'blueprint_curation---assign-threat-level-based-on-enriched-location.json',
  'blueprint_curation---normalize-tlp-&-pap-tag.json',
  'blueprint_curation---remove-automation-flag-from-data-having-correlation-with-predefined-feed.json',
  'blueprint_curation---remove-automation-flag-from-false-positive-tripping-over-warninglist.json',
  'blueprint_curation---remove-automation-flag-from-known-non-malicious-hashes.json',
  'blueprint_curation---toggle-automation-flag-from-network-ioc-based-on-abuseipdb.json',
  'blueprint_curation---toggle-automation-flag-from-urls-based-on-google-safe-browsing.json',
])

describe('blueprintToMermaid', () => {
  for (const [file, blueprint] of blueprintFiles()) {
    const { data, mermaid } = blueprint.WorkflowBlueprint
    if (RENDERED_BY_PHP7.has(file)) {
      it(`gives MISP's mermaid field for ${file} once PHP 7's lost first node is removed`, () => {
        expect(blueprintToMermaid(data, registry)).not.toBe(mermaid)
        expect(blueprintToMermaid(data.slice(1), registry)).toBe(mermaid)
      })
    } else {
      it(`gives MISP's mermaid field for ${file}`, () => {
        expect(blueprintToMermaid(data, registry)).toBe(mermaid)
      })
    }
  }

  it('labels unknown modules with their name only, as MISP does', () => {
    const graph = named(buildGraph(nodes))
    graph['3'].data.id = 'run-workflow'
    expect(blueprintToMermaid(Object.values(graph), registry)).toBe(
      'flowchart LR\n' +
        '    1{{"fas:fa-upload  Event Publish"}} --> 2[/"fas:fa-code-branch  IF :: Tag"/]\n' +
        '    2[/"fas:fa-code-branch  IF :: Tag"/] --> 3["Stop execution"]\n',
    )
  })

  it('keeps the order of the node list, not the numeric order of the ids', () => {
    const graph = named(buildGraph(nodes))
    expect(blueprintToMermaid([graph['2'], graph['3'], graph['1']], registry)).toBe(
      'flowchart LR\n' +
        '    2[/"fas:fa-code-branch  IF :: Tag"/] --> 3["fas:fa-ban  Stop execution"]\n' +
        '    1{{"fas:fa-upload  Event Publish"}} --> 2[/"fas:fa-code-branch  IF :: Tag"/]\n',
    )
  })
})

describe('parseBlueprintNodes', () => {
  it('keeps list order and lets a repeated id keep its first place', () => {
    const graph = named(buildGraph(nodes))
    const parsed = parseBlueprintNodes([graph['3'], graph['1'], { ...graph['3'], name: 'again' }])
    expect([...parsed.nodes.keys()]).toEqual(['3', '1'])
    expect(parsed.nodes.get('3')?.node.name).toBe('again')
    expect(parsed.triggerKey).toBe('1')
  })
})

describe('workflowToMermaid', () => {
  it('has no icons for a saved workflow, which stores no module_data, as MISP does', () => {
    expect(workflowToMermaid(parseGraph(named(buildGraph(nodes))))).toBe(
      'flowchart LR\n' +
        '    1{{"Event Publish"}} --> 2[/"IF :: Tag"/]\n' +
        '    2[/"IF :: Tag"/] --> 3["Stop execution"]\n',
    )
  })

  it('uses the catalogue icons when given one', () => {
    expect(workflowToMermaid(parseGraph(named(buildGraph(nodes))), registry)).toBe(
      'flowchart LR\n' +
        '    1{{"fas:fa-upload  Event Publish"}} --> 2[/"fas:fa-code-branch  IF :: Tag"/]\n' +
        '    2[/"fas:fa-code-branch  IF :: Tag"/] --> 3["fas:fa-ban  Stop execution"]\n',
    )
  })

  it('uses icons from module_data left in an unclean export, with fab for brand icons', () => {
    const graph = named(buildGraph(nodes))
    graph['3'].data.module_data = { icon: 'python', icon_class: 'fab' }
    expect(workflowToMermaid(parseGraph(graph))).toContain('--> 3["fab:fa-python  Stop execution"]\n')
  })

  it('yields only the header for a single node, which has no edges', () => {
    expect(workflowToMermaid(parseGraph(buildGraph([nodes[2]!])))).toBe('flowchart LR\n')
  })

  it('ignores _frames and keeps duplicate edges', () => {
    const graph = named(
      buildGraph([{ ...nodes[0]!, outputs: { output_1: [2, 2] } }, { ...nodes[1]!, outputs: {} }, nodes[2]!]),
    )
    graph._frames = { f: { id: 'f', text: 'group', nodes: [1, 2], class: '' } }
    expect(workflowToMermaid(parseGraph(graph))).toBe(
      'flowchart LR\n' + '    1{{"Event Publish"}} --> 2[/"IF :: Tag"/]\n'.repeat(2),
    )
  })

  it('renders a node of unknown module_type as its bare id, as PHP does', () => {
    const graph = named(buildGraph(nodes))
    graph['3'].data.module_type = 'other'
    expect(workflowToMermaid(parseGraph(graph))).toContain('    2[/"IF :: Tag"/] --> 3\n')
  })
})
