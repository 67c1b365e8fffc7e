import { describe, expect, it } from 'vitest'
import { buildGraph } from '../../test/harness/graph-builder.ts'
import {
  redactDebugSource,
  redactGraphSecrets,
  restoreGraphSecrets,
  SECRET_MASK,
  secretParamsOf,
} from './secret-params.ts'

describe('redactGraphSecrets', () => {
  const graph = buildGraph([
    { id: 1, module: 'event-publish', type: 'trigger', outputs: { output_1: [2] } },
    {
      id: 2,
      module: 'webhook',
      type: 'action',
      params: { url: 'https://hooks.example/x', headers: 'Authorization: Bearer s3cret' },
      outputs: { output_1: [3] },
    },
    { id: 3, module: 'telegram-send-alert', type: 'action', params: { bot_token: '123:ABC', chat_id: '1' } },
  ])

  it('masks secret parameters and leaves the rest and the original alone', () => {
    const redacted = redactGraphSecrets(graph)
    expect(redacted['2'].data.indexed_params).toMatchObject({ url: 'https://hooks.example/x', headers: SECRET_MASK })
    expect(redacted['3'].data.indexed_params).toMatchObject({ bot_token: SECRET_MASK, chat_id: '1' })
    expect(JSON.stringify(redacted)).not.toContain('s3cret')
    expect(graph['2'].data.indexed_params.headers).toBe('Authorization: Bearer s3cret')
  })

  it('finds no secrets, and does not fail, for module ids named like Object’s own properties', () => {
    for (const id of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const hostile = buildGraph([{ id: 2, module: id, type: 'action', params: { headers: 'kept' } }])
      expect(redactGraphSecrets(hostile), id).toBe(hostile)
      expect(restoreGraphSecrets(hostile, hostile), id).toBe(hostile)
      expect(secretParamsOf(id), id).toEqual([])
      expect(redactDebugSource({ module_id: id, parameters: { headers: 'kept' } }).parameters.headers).toBe('kept')
    }
  })

  it('answers a graph without secrets as it is', () => {
    const plain = buildGraph([{ id: 1, module: 'event-publish', type: 'trigger' }])
    expect(redactGraphSecrets(plain)).toBe(plain)
  })

  it('takes masked secrets back from the saved graph, only for nodes that still run the same module', () => {
    const redacted = redactGraphSecrets(graph)
    const saved = structuredClone(graph)
    saved['3'].data.id = 'webhook'
    const restored = restoreGraphSecrets(redacted, saved)
    expect(restored['2'].data.indexed_params.headers).toBe('Authorization: Bearer s3cret')
    expect(restored['3'].data.indexed_params.bot_token).toBe(SECRET_MASK)
    expect(restoreGraphSecrets(redacted, undefined)).toBe(redacted)
  })
})
