import { describe, expect, it } from 'vitest'
import { execModule } from '../../../test/harness/exec-module.ts'
import { recordingBackend } from '../../../test/harness/recording-backend.ts'
import { createJinjaRenderer } from '../jinja/jinja-renderer.ts'
import { moduleAttributeCommentOperation } from './module-attribute-comment-operation.ts'

const enriched = (id: string, value: string, malicious?: string) => ({
  id,
  value,
  comment: 'before',
  ...(malicious === undefined
    ? {}
    : { enrichment: [{ Object: [{ Attribute: [{ object_relation: 'malicious', value: malicious }] }] }] }),
})

// The curation blueprints' template (MISP/misp-workflow-blueprints, Google Safe Browsing).
const BLUEPRINT_TEMPLATE =
  '{% for objectAttribute in __currentAttribute.enrichment.0.Object.0.Attribute %}\n\t{% if objectAttribute.object_relation == "malicious" %}\n\t\t[Curation pipeline enrichment:google-safe-browsing.malicious] `{{ objectAttribute.value }}`\n\t{% endif %}\n{% endfor %}'

describe('Module_attribute_comment_operation', () => {
  it("renders the blueprints' __currentAttribute template per attribute (Q10 fixed)", async () => {
    const attributes = [enriched('1', 'http://a.example', 'true'), enriched('2', 'http://b.example', 'false')]
    const data = { Event: { info: 'x', Attribute: structuredClone(attributes), _AttributeFlattened: attributes } }
    const { backend, argsOf } = recordingBackend()
    const run = await execModule(moduleAttributeCommentOperation, { comment: BLUEPRINT_TEMPLATE }, data, {
      ports: { backend, templates: createJinjaRenderer() },
    })
    expect(run.result).toBe(true)
    expect(argsOf('editAttribute')).toEqual([
      ['1', { comment: '[Curation pipeline enrichment:google-safe-browsing.malicious] `true`' }],
      ['2', { comment: '[Curation pipeline enrichment:google-safe-browsing.malicious] `false`' }],
    ])
    const view = run.data as any
    expect(view.Event.Attribute[0].comment).toBe(view.Event._AttributeFlattened[0].comment)
    expect(view.Event.Attribute[0].timestamp).toBe('1700000000')
  })

  it('keeps the comment of an attribute the template says nothing about, where MISP wipes it', async () => {
    const attributes = [enriched('1', 'x', undefined)]
    const template = '{% if __currentAttribute.value == "y" %}about y{% endif %}'
    const { backend, argsOf } = recordingBackend()
    const run = await execModule(
      moduleAttributeCommentOperation,
      { comment: template },
      { Event: { _AttributeFlattened: attributes } },
      { ports: { backend, templates: createJinjaRenderer() } },
    )
    expect(argsOf('editAttribute')).toEqual([])
    expect(run.result).toBe(false)
  })

  it('reports an attribute the template cannot render for, and goes on with the others', async () => {
    const attributes = [enriched('1', 'x'), enriched('2', 'y', 'true')]
    const { backend, argsOf } = recordingBackend()
    const run = await execModule(
      moduleAttributeCommentOperation,
      { comment: BLUEPRINT_TEMPLATE },
      { Event: { _AttributeFlattened: attributes } },
      { ports: { backend, templates: createJinjaRenderer() } },
    )
    expect(run.result).toBe(true)
    expect(argsOf('editAttribute').map(([id]) => id)).toEqual(['2'])
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toMatch(/^Jinja rendering failed for attribute 1: /)
  })

  it('sets plain text without a renderer, and an empty template clears comments', async () => {
    const { backend, argsOf } = recordingBackend()
    await execModule(
      moduleAttributeCommentOperation,
      { comment: '' },
      { Event: { _AttributeFlattened: [enriched('1', 'x')] } },
      { ports: { backend } },
    )
    expect(argsOf('editAttribute')).toEqual([['1', { comment: '' }]])
  })
})
