import { describe, expect, it } from 'vitest'
import { phpSprintf } from './php-sprintf.ts'

describe('phpSprintf', () => {
  it('formats sequential and positional arguments', () => {
    expect(phpSprintf('%s: %s', ['a', 'b'])).toBe('a: b')
    expect(phpSprintf('%2$d: %1$s', ['x', '14'])).toBe('14: x')
    expect(phpSprintf('100%%', [])).toBe('100%')
  })
  it('pads and converts like PHP', () => {
    expect(phpSprintf('%05d|%-4s|%x|%.2f', [42, 'ab', 255, 1.5])).toBe('00042|ab  |ff|1.50')
    expect(phpSprintf("%'*6s", ['ab'])).toBe('****ab')
    expect(phpSprintf('%s', [true])).toBe('1')
  })
  it('throws when arguments are missing, as PHP 8 does', () => {
    expect(() => phpSprintf('%s %s', ['a'])).toThrow('arguments')
  })
})
