/**
 * User passwords (issue #3): MISP's password policy (12 characters, and its complexity rule) and
 * hashing with scrypt from node:crypto, stored as `$scrypt$N=…,r=…,p=…$<salt>$<digest>` in base64.
 * Sluice has no password login yet; the digest is kept so that a MISP user table carries over.
 */
import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto'

const SCRYPT: ScryptOptions = { N: 16384, r: 8, p: 1 }
const KEY_LENGTH = 64

/** MISP's default minimum length (`Security.password_policy_length`). */
export const PASSWORD_MIN_LENGTH = 12

/** MISP's default complexity rule: an upper and a lower case letter and a digit or symbol, or 16+ characters. */
const COMPLEXITY = /^((?=.*\d)|(?=.*\W+))(?![\n])(?=.*[A-Z])(?=.*[a-z]).*$|.{16,}/

/** MISP's texts for a password that breaks the policy (User model validation, verbatim). */
export const PASSWORD_MESSAGES = {
  length: 'Password length requirement not met.',
  complexity: 'Password complexity requirement not met.',
} as const

/** The policy message a password breaks, or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return PASSWORD_MESSAGES.length
  return COMPLEXITY.test(password) ? null : PASSWORD_MESSAGES.complexity
}

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, SCRYPT, (error, key) => (error ? reject(error) : resolve(key))),
  )
}

/** The stored form of `password`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt)
  return `$scrypt$N=${SCRYPT.N},r=${SCRYPT.r},p=${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`
}

/** Whether `password` matches a digest made by `hashPassword`. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [, kind, , salt, digest] = stored.split('$')
  if (kind !== 'scrypt' || !salt || !digest) return false
  const expected = Buffer.from(digest, 'base64')
  const key = await derive(password, Buffer.from(salt, 'base64'))
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** A random password for a user created without one, as MISP generates (40 characters). */
export function randomPassword(): string {
  return randomBytes(30).toString('base64')
}
