import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  categoriesForType,
  DESCRIBE_TYPES,
  defaultCategory,
  defaultToIds,
  isCategoryAllowed,
  isCompositeType,
  isKnownCategory,
  isKnownType,
} from './describe-types.ts'

const source = JSON.parse(readFileSync(new URL('../../../shared/spec/describe-types.json', import.meta.url), 'utf8'))

describe('DESCRIBE_TYPES', () => {
  it('equals spec/describe-types.json, from which it is generated', () => {
    const { _about, ...table } = source
    expect(DESCRIBE_TYPES).toEqual(table)
  })
  it('has 191 types and 16 categories', () => {
    expect(DESCRIBE_TYPES.types).toHaveLength(191)
    expect(DESCRIBE_TYPES.categories).toHaveLength(16)
  })
})

describe('describe-types helpers', () => {
  it('isKnownType and isKnownCategory', () => {
    expect(isKnownType('ip-src')).toBe(true)
    expect(isKnownType('filename|sha256')).toBe(true)
    expect(isKnownType('constructor')).toBe(false)
    expect(isKnownCategory('Network activity')).toBe(true)
    expect(isKnownCategory('network activity')).toBe(false)
  })
  it('categoriesForType lists the allowed categories in MISP order', () => {
    expect(categoriesForType('md5')).toEqual([
      'Payload delivery',
      'Artifacts dropped',
      'Payload installation',
      'External analysis',
    ])
    expect(categoriesForType('nope')).toEqual([])
    expect(isCategoryAllowed('ip-src', 'Network activity')).toBe(true)
    expect(isCategoryAllowed('ip-src', 'Person')).toBe(false)
  })
  it('defaultCategory and defaultToIds follow the sane defaults', () => {
    expect(defaultCategory('email')).toBe('Social network')
    expect(defaultCategory('nope')).toBeNull()
    expect(defaultToIds('ip-dst')).toBe(true)
    expect(defaultToIds('comment')).toBe(false)
    expect(defaultToIds('mutex')).toBe(true)
    expect(defaultToIds('nope')).toBe(false)
  })
  it('isCompositeType covers malware-sample and the | types', () => {
    expect(isCompositeType('malware-sample')).toBe(true)
    expect(isCompositeType('domain|ip')).toBe(true)
    expect(isCompositeType('domain')).toBe(false)
  })
})
