import { describe, expect, it } from 'vitest'
import { hashPassword, PASSWORD_MESSAGES, passwordProblem, verifyPassword } from './password.ts'

describe('passwordProblem', () => {
  it('refuses fewer than 12 characters with MISP’s text', () => {
    expect(passwordProblem('Short1!')).toBe(PASSWORD_MESSAGES.length)
  })
  it('refuses a 12-character password without an upper case letter', () => {
    expect(passwordProblem('alllowercase1')).toBe(PASSWORD_MESSAGES.complexity)
  })
  it('accepts any password of 16 characters or more, as MISP’s rule does', () => {
    expect(passwordProblem('alllowercaseonly')).toBeNull()
  })
  it('accepts a mixed-case password with a digit', () => {
    expect(passwordProblem('EasyPeasy34xy')).toBeNull()
  })
})

describe('hashPassword', () => {
  it('stores a salted scrypt digest that verifies, never the password', async () => {
    const stored = await hashPassword('EasyPeasy34xy')
    expect(stored.startsWith('$scrypt$')).toBe(true)
    expect(stored).not.toContain('EasyPeasy34xy')
    expect(await verifyPassword('EasyPeasy34xy', stored)).toBe(true)
    expect(await verifyPassword('EasyPeasy34xz', stored)).toBe(false)
    expect(await hashPassword('EasyPeasy34xy')).not.toBe(stored)
  })
})
