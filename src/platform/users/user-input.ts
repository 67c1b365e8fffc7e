/**
 * Reading `/admin/users/add` and `/admin/users/edit` bodies (UsersController, User model
 * validation): `{User: {...}}` or the bare fields, MISP's defaults for a new user, and a
 * `ValidationError` naming the field for anything MISP would refuse.
 */
import { ValidationError } from '../../errors.ts'
import type { MispJson } from '../types.ts'
import { MAX_ID } from '../../store/index.ts'
import { passwordProblem } from './password.ts'

/** MISP's e-mail rule (`User::validateEmail`): a local part of letters and symbols, `@`, a plain domain. */
const EMAIL = /^[\p{L}0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}0-9!#$%&'*+/=?^_`{|}~-]+)*@[a-z0-9_\-.]+$/iu

/** MISP's validation texts (User model, verbatim). */
export const USER_MESSAGES = {
  // MISP quirk: "nter" is MISP's own spelling.
  email: 'Please nter a valid email address.',
  emailTaken: 'An account with this email address already exists.',
  mandatory: 'Mandatory field not set.',
  orgNumeric: 'The organisation ID has to be a numeric value.',
  invalidOrg: 'Invalid organisation',
  invalidRole: 'Invalid role',
  authkey: 'A authkey of a minimum length of 40 is required.',
  nidsSid: 'A SID should be an integer.',
} as const

/** Flags MISP stores as tinyint(1). */
const FLAGS = [
  'autoalert',
  'contactalert',
  'disabled',
  'change_pw',
  'termsaccepted',
  'external_auth_required',
  'notification_daily',
  'notification_weekly',
  'notification_monthly',
] as const

/** What a body asks to save, columns typed; `password` and `authkey` still in clear. */
export interface UserInput {
  email?: string
  org_id?: number
  role_id?: number
  password?: string
  authkey?: string
  nids_sid?: number
  gpgkey?: string
  certif_public?: string
  external_auth_key?: string
  flags: Partial<Record<(typeof FLAGS)[number], number>>
}

/** `{User: {...}}` or the bare fields. */
export function unwrapUser(body: unknown): MispJson {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError('User', 'User', 'The body must be a JSON object')
  }
  const record = body as MispJson
  return typeof record.User === 'object' && record.User !== null && !Array.isArray(record.User) ? record.User : record
}

function flag(field: string, value: unknown): number {
  if (value === true || value === 1 || value === '1' || value === 'true') return 1
  if (value === false || value === 0 || value === '0' || value === 'false' || value === '' || value === null) return 0
  throw new ValidationError('User', field, 'Expected a boolean (true, false, 0 or 1)')
}

function positiveInt(field: string, value: unknown, message: string): number {
  const text = typeof value === 'number' ? String(value) : value
  // The columns are 32-bit integers: a larger number is as wrong as a word.
  if (typeof text !== 'string' || !/^[0-9]{1,10}$/.test(text) || Number(text) > MAX_ID)
    throw new ValidationError('User', field, message)
  return Number(text)
}

function text(field: string, value: unknown): string {
  if (typeof value !== 'string') throw new ValidationError('User', field, 'Expected a string')
  return value
}

/** Reads the fields MISP saves from a body; absent fields stay absent. */
export function readUserInput(fields: MispJson): UserInput {
  const input: UserInput = { flags: {} }
  if (fields.email !== undefined && fields.email !== null && fields.email !== '') {
    const email = text('email', fields.email).trim()
    if (!EMAIL.test(email)) throw new ValidationError('User', 'email', USER_MESSAGES.email)
    input.email = email
  }
  if (fields.org_id !== undefined && fields.org_id !== null && fields.org_id !== '')
    input.org_id = positiveInt('org_id', fields.org_id, USER_MESSAGES.orgNumeric)
  if (fields.role_id !== undefined && fields.role_id !== null && fields.role_id !== '')
    input.role_id = positiveInt('role_id', fields.role_id, USER_MESSAGES.invalidRole)
  if (fields.password !== undefined && fields.password !== null && fields.password !== '') {
    const password = text('password', fields.password)
    // MISP's REST edit sends back the mask it answered; that is not a new password.
    if (password !== '*****' && password !== '******') {
      const problem = passwordProblem(password)
      if (problem) throw new ValidationError('User', 'password', problem)
      input.password = password
    }
  }
  if (fields.authkey !== undefined && fields.authkey !== null && fields.authkey !== '') {
    const authkey = text('authkey', fields.authkey)
    if (!/^[A-Za-z0-9]{40,}$/.test(authkey)) throw new ValidationError('User', 'authkey', USER_MESSAGES.authkey)
    input.authkey = authkey
  }
  if (fields.nids_sid !== undefined && fields.nids_sid !== null && fields.nids_sid !== '')
    input.nids_sid = positiveInt('nids_sid', fields.nids_sid, USER_MESSAGES.nidsSid)
  for (const field of ['gpgkey', 'certif_public', 'external_auth_key'] as const) {
    if (fields[field] !== undefined && fields[field] !== null) input[field] = text(field, fields[field])
  }
  for (const field of FLAGS) {
    if (fields[field] !== undefined) input.flags[field] = flag(field, fields[field])
  }
  return input
}
