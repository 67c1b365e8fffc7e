import { describe, expect, it } from 'vitest'
import type { UserRecord } from '../../store/index.ts'
import { isUserSecret, userColumns, withoutSecrets } from './user-rows.ts'

const user: UserRecord = {
  id: 7,
  email: 'sso@example.org',
  org_id: 1,
  role_id: 3,
  authkey_hash: 'digest',
  authkey_start: 'abcd',
  disabled: 0,
  date_created: 1,
  date_modified: 2,
  password: 'scrypt$digest',
  server_id: 0,
  autoalert: 1,
  invited_by: 1,
  gpgkey: '',
  certif_public: '',
  nids_sid: 4000000,
  termsaccepted: 0,
  newsread: 0,
  change_pw: 1,
  contactalert: 0,
  expiration: null,
  current_login: 0,
  last_login: 0,
  last_api_access: 0,
  force_logout: 0,
  external_auth_required: 1,
  external_auth_key: 'ext-key-value',
  last_pw_change: 1,
  notification_daily: 0,
  notification_weekly: 0,
  notification_monthly: 0,
}

describe('userColumns', () => {
  it('never shows the external authentication key, the password digest or the API key digest', () => {
    const row = userColumns(user)
    expect(row).not.toHaveProperty('external_auth_key')
    expect(row.external_auth_required).toBe(true)
    expect(JSON.stringify(row)).not.toMatch(/ext-key-value|scrypt|digest/)
  })
})

describe('withoutSecrets', () => {
  it('leaves the external authentication key out of trigger data with the other secrets', () => {
    expect(withoutSecrets({ email: 'a@b.c', external_auth_key: 'k', password: 'p', authkey: 'x' })).toEqual({
      email: 'a@b.c',
    })
    expect(isUserSecret('external_auth_key')).toBe(true)
    expect(isUserSecret('email')).toBe(false)
  })
})
