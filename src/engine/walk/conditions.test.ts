import { describe, expect, it } from 'vitest'
import { evaluateCondition, extractOrFalse, itemsMatchingCondition } from './conditions.ts'

describe('evaluateCondition', () => {
  describe('in', () => {
    it('holds when the value is in the list', () => {
      expect(evaluateCondition(['tlp:red', 'PAP:RED'], 'in', 'PAP:RED')).toBe(true)
      expect(evaluateCondition(['tlp:red'], 'in', 'tlp:white')).toBe(false)
    })
    it('compares loosely, as PHP in_array does', () => {
      expect(evaluateCondition([1, 2], 'in', '1')).toBe(true)
      expect(evaluateCondition(['01'], 'in', '1')).toBe(true)
      expect(evaluateCondition([false], 'in', '0')).toBe(true)
    })
    it('follows PHP 8 string-number comparison: "abc" is not 0', () => {
      expect(evaluateCondition([0], 'in', 'abc')).toBe(false)
    })
    it('searches the values of a map (a PHP associative array)', () => {
      expect(evaluateCondition({ 0: 'a', 3: 'b' }, 'in', 'b')).toBe(true)
    })
    it('is false when the data is not an array', () => {
      expect(evaluateCondition('tlp:red', 'in', 'tlp:red')).toBe(false)
      expect(evaluateCondition(null, 'in', '')).toBe(false)
    })
  })

  describe('not_in', () => {
    it('holds when the value is absent, including from an empty list', () => {
      expect(evaluateCondition(['tlp:red'], 'not_in', 'tlp:white')).toBe(true)
      expect(evaluateCondition([], 'not_in', 'tlp:white')).toBe(true)
      expect(evaluateCondition(['tlp:red'], 'not_in', 'tlp:red')).toBe(false)
    })
    it('is false when the data is not an array', () => {
      expect(evaluateCondition('x', 'not_in', 'y')).toBe(false)
    })
  })

  describe('equals', () => {
    it('compares a scalar loosely, as PHP == does', () => {
      expect(evaluateCondition('domain', 'equals', 'domain')).toBe(true)
      expect(evaluateCondition('1', 'equals', '01')).toBe(true)
      expect(evaluateCondition(false, 'equals', '0')).toBe(true)
      expect(evaluateCondition(true, 'equals', '1')).toBe(true)
      expect(evaluateCondition(null, 'equals', '')).toBe(true)
      expect(evaluateCondition('domain', 'equals', 'url')).toBe(false)
    })
    it('is false for an array, even an empty one', () => {
      expect(evaluateCondition(['a'], 'equals', 'a')).toBe(false)
      expect(evaluateCondition([], 'equals', '')).toBe(false)
    })
  })

  describe('not_equals', () => {
    it('holds for a different scalar', () => {
      expect(evaluateCondition('1', 'not_equals', '0')).toBe(true)
      expect(evaluateCondition('1', 'not_equals', '1.0')).toBe(false)
    })
    it('is false for an array, as PHP does', () => {
      expect(evaluateCondition([], 'not_equals', 'x')).toBe(false)
    })
  })

  describe('in_or', () => {
    it('holds when some element of the data is selected', () => {
      expect(evaluateCondition(['a', 'b'], 'in_or', ['b', 'c'])).toBe(true)
      expect(evaluateCondition(['a'], 'in_or', ['b', 'c'])).toBe(false)
      expect(evaluateCondition([], 'in_or', ['b'])).toBe(false)
    })
    it('is false unless both sides are arrays', () => {
      expect(evaluateCondition(['a'], 'in_or', 'a')).toBe(false)
      expect(evaluateCondition('a', 'in_or', ['a'])).toBe(false)
    })
  })

  describe('in_and', () => {
    it('holds when every selected value is present, in any order', () => {
      expect(evaluateCondition(['b', 'x', 'a'], 'in_and', ['a', 'b'])).toBe(true)
      expect(evaluateCondition(['a', 'x'], 'in_and', ['a', 'b'])).toBe(false)
    })
    it('fails when a selected value is present twice, as PHP does', () => {
      expect(evaluateCondition(['tlp:white', 'tlp:white'], 'in_and', ['tlp:white'])).toBe(false)
    })
    it('compares loosely after sorting, as PHP does', () => {
      expect(evaluateCondition([2, 1], 'in_and', ['1', '2'])).toBe(true)
    })
    it('holds for an empty selection only when nothing matches', () => {
      expect(evaluateCondition(['a'], 'in_and', [])).toBe(true)
    })
  })

  describe('not_in_or', () => {
    it('holds when no element of the data is selected', () => {
      expect(evaluateCondition(['a'], 'not_in_or', ['b', 'c'])).toBe(true)
      expect(evaluateCondition(['a', 'b'], 'not_in_or', ['b'])).toBe(false)
      expect(evaluateCondition([], 'not_in_or', [])).toBe(true)
    })
    it('is false unless both sides are arrays', () => {
      expect(evaluateCondition(['a'], 'not_in_or', 'b')).toBe(false)
    })
  })

  describe('not_in_and', () => {
    it('is false when every selected value is present in selection order', () => {
      expect(evaluateCondition(['tlp:red', 'PAP:RED'], 'not_in_and', ['tlp:red', 'PAP:RED'])).toBe(false)
    })
    it('holds when a selected value is missing', () => {
      expect(evaluateCondition(['tlp:red'], 'not_in_and', ['tlp:red', 'PAP:RED'])).toBe(true)
    })
    it('holds when all are present but in another order, as PHP does', () => {
      expect(evaluateCondition(['tlp:red', 'PAP:RED'], 'not_in_and', ['PAP:RED', 'tlp:red'])).toBe(true)
    })
  })

  describe('other operators', () => {
    it('are false, including any_value and ""', () => {
      expect(evaluateCondition(['a'], 'any_value', 'a')).toBe(false)
      expect(evaluateCondition('a', '', 'a')).toBe(false)
      expect(evaluateCondition('a', 'greater', 'a')).toBe(false)
      expect(evaluateCondition('a', 'constructor', 'a')).toBe(false)
      expect(evaluateCondition('a', null, 'a')).toBe(false)
    })
  })
})

describe('extractOrFalse', () => {
  it('returns the data itself for a PHP-empty path, "0" included, as PHP does', () => {
    const data = { a: 1 }
    expect(extractOrFalse(data, '')).toBe(data)
    expect(extractOrFalse(data, '0')).toBe(data)
    expect(extractOrFalse(data, null)).toBe(data)
  })
  it('extracts along a path', () => {
    expect(extractOrFalse({ Tag: [{ name: 'a' }, { name: 'b' }] }, 'Tag.{n}.name')).toEqual(['a', 'b'])
  })
})

describe('itemsMatchingCondition', () => {
  const attributes = [
    { type: 'ip-dst', value: '1.2.3.4', to_ids: true, Tag: [{ name: 'tlp:red' }] },
    { type: 'domain', value: 'example.com', to_ids: false, Tag: [] },
    { type: 'url', value: 'http://x', to_ids: '1', Tag: [{ name: 'tlp:white' }, { name: 'tlp:red' }] },
  ]

  it('returns the same list when every item matches', () => {
    expect(itemsMatchingCondition(attributes, 'x', 'not_equals', 'type')).toBe(attributes)
  })

  it('keeps the original keys of the surviving items, as PHP does', () => {
    expect(itemsMatchingCondition(attributes, 'domain', 'equals', 'type')).toEqual({ 1: attributes[1] })
    expect(itemsMatchingCondition(attributes, 'domain', 'not_equals', 'type')).toEqual({
      0: attributes[0],
      2: attributes[2],
    })
  })

  it('returns a list when the surviving keys are still 0…k-1, as json_encode prints it', () => {
    expect(itemsMatchingCondition(attributes, 'url', 'not_equals', 'type')).toEqual([attributes[0], attributes[1]])
  })

  it('returns an empty list when nothing matches', () => {
    expect(itemsMatchingCondition(attributes, 'md5', 'equals', 'type')).toEqual([])
  })

  it('keeps the keys of a map', () => {
    const items = { 0: attributes[0], 5: attributes[1] }
    expect(itemsMatchingCondition(items, 'domain', 'equals', 'type')).toEqual({ 5: attributes[1] })
  })

  it('compares equals against the first extracted value', () => {
    expect(itemsMatchingCondition(attributes, 'tlp:white', 'equals', 'Tag.{n}.name')).toEqual({ 2: attributes[2] })
    expect(itemsMatchingCondition(attributes, 'tlp:red', 'equals', 'Tag.{n}.name')).toEqual([attributes[0]])
  })

  it('compares loosely: to_ids true and "1" both equal "1"', () => {
    expect(itemsMatchingCondition(attributes, '1', 'equals', 'to_ids')).toEqual({ 0: attributes[0], 2: attributes[2] })
  })

  it('drops items whose path extracts nothing under both equals and not_equals, as PHP does', () => {
    expect(itemsMatchingCondition(attributes, 'x', 'equals', 'comment')).toEqual([])
    expect(itemsMatchingCondition(attributes, 'x', 'not_equals', 'comment')).toEqual([])
  })

  it('tests membership with in and not_in', () => {
    expect(itemsMatchingCondition(attributes, 'tlp:red', 'in', 'Tag.{n}.name')).toEqual({
      0: attributes[0],
      2: attributes[2],
    })
    expect(itemsMatchingCondition(attributes, 'tlp:red', 'not_in', 'Tag.{n}.name')).toEqual({ 1: attributes[1] })
  })

  it('keeps items with a non-empty extraction for any_value', () => {
    expect(itemsMatchingCondition(attributes, '', 'any_value', 'Tag.{n}.name')).toEqual({
      0: attributes[0],
      2: attributes[2],
    })
  })

  it('applies the set operators to the extracted list', () => {
    expect(itemsMatchingCondition(attributes, ['domain', 'url'], 'in_or', 'type')).toEqual({
      1: attributes[1],
      2: attributes[2],
    })
    expect(itemsMatchingCondition(attributes, ['tlp:white', 'tlp:red'], 'in_and', 'Tag.{n}.name')).toEqual({
      2: attributes[2],
    })
  })

  it('uses the item itself when the path is empty', () => {
    expect(itemsMatchingCondition(['a', 'b'], 'b', 'in', '')).toEqual([])
    expect(itemsMatchingCondition([['a'], ['b']], 'b', 'in', '')).toEqual({ 1: ['b'] })
  })

  it('compares a string item under equals by its first character, as PHP $string[0] does', () => {
    expect(itemsMatchingCondition(['tlp:red', 't'], 't', 'equals', '')).toEqual(['tlp:red', 't'])
    expect(itemsMatchingCondition(['tlp:red'], 'tlp:red', 'equals', '')).toEqual([])
  })

  it('returns a value that is not an array unchanged', () => {
    expect(itemsMatchingCondition(false, 'x', 'equals', '')).toBe(false)
    expect(itemsMatchingCondition('abc', 'x', 'equals', '')).toBe('abc')
  })
})

describe('where MISP crashes with a PHP TypeError (Hash::extract needs an array)', () => {
  const crashCode = (run: () => unknown): string | undefined => {
    try {
      run()
    } catch (error) {
      return (error as { code?: string }).code
    }
    return undefined
  }

  it('ends the run when a path is applied to an item that is not an array', () => {
    expect(crashCode(() => itemsMatchingCondition(['tlp:red', 'tlp:white'], 'tlp:red', 'in', 'name'))).toBe(
      'SLC_MISP_CRASH',
    )
    expect(crashCode(() => itemsMatchingCondition([{ name: 'a' }, null], 'a', 'equals', 'name'))).toBe('SLC_MISP_CRASH')
    expect(crashCode(() => extractOrFalse('tlp:red', 'name'))).toBe('SLC_MISP_CRASH')
  })

  it('ends the run when a regex matcher meets an array-valued field (preg_match TypeError)', () => {
    expect(crashCode(() => extractOrFalse([{ v: ['x'] }], '{n}[v=/x/]'))).toBe('SLC_MISP_CRASH')
  })

  it('still uses a scalar item itself when the path is PHP-empty', () => {
    expect(itemsMatchingCondition(['a', 'b'], 'b', 'equals', '0')).toEqual({ 1: 'b' })
  })
})
