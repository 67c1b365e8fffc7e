import { describe, expect, it } from 'vitest'
import { logicModules } from './index.ts'

// spec/ENGINE.md §4.2: id, name, version, outputs, core format, html_template.
const CATALOGUE = [
  ['concurrent-task', 'Concurrent Task', '0.1', 1, false, 'concurrent'],
  ['count-if', 'IF :: Count', '0.1', 2, false, 'if'],
  ['distribution-if', 'IF :: Distribution', '0.3', 2, true, 'if'],
  ['generic-filter-data', 'Filter :: Generic', '0.2', 1, false, undefined],
  ['generic-filter-reset', 'Filter :: Remove filter', '0.1', 1, false, undefined],
  ['generic-if', 'IF :: Generic', '0.2', 2, false, 'if'],
  ['organisation-if', 'IF :: Organisation', '0.2', 2, true, 'if'],
  ['published-if', 'IF :: Published', '0.1', 2, true, 'if'],
  ['tag-if', 'IF :: Tag', '0.4', 2, true, 'if'],
  ['threat-level-if', 'IF :: Threat Level', '0.1', 2, false, 'if'],
] as const

describe('logicModules', () => {
  it('lists the ten logic modules of MISP with their descriptors', () => {
    expect(
      logicModules.map(({ descriptor: d }) => [
        d.id,
        d.name,
        d.version,
        d.outputs,
        d.expect_misp_core_format,
        d.html_template,
      ]),
    ).toEqual(CATALOGUE)
  })

  it('describes every module as logic, one input, not blocking, without filters', () => {
    for (const { descriptor } of logicModules) {
      expect(descriptor).toMatchObject({ module_type: 'logic', inputs: 1, blocking: false, support_filters: false })
    }
  })

  it('words the IF descriptions as MISP does', () => {
    for (const { descriptor } of logicModules.filter((module) => module.descriptor.name.startsWith('IF :: '))) {
      expect(descriptor.description).toMatch(
        / IF \/ ELSE condition block\. .*The `then` output will be used if the encoded conditions is satisfied, otherwise the `else` output will be used\.$/,
      )
    }
  })

  it('gives every parameter an id, and every select a default among its options', () => {
    for (const { descriptor } of logicModules) {
      for (const param of descriptor.params) {
        expect(param.id).toBeTruthy()
        if (param.type === 'select' && descriptor.id !== 'threat-level-if') {
          const values = Array.isArray(param.options)
            ? param.options.map((option) => String((option as { value: unknown }).value))
            : Object.keys(param.options ?? {})
          expect(values).toContain(String(param.default))
        }
      }
    }
  })
})
