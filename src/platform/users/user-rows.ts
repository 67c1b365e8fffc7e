/**
 * Users in MISP's REST shapes (UsersController admin_add / admin_edit / admin_index): the
 * `users` columns in MISP's order, ids and counters as strings, tinyint(1) flags as booleans.
 * No secret leaves the platform here: the password is `******` where MISP masks it, the API
 * key (stored hashed) appears only in the answer to `add`, once, and `external_auth_key` (a
 * credential an external login proves, not among MISP's public user fields) never appears.
 */
import type { UserRecord } from '../../store/index.ts'
import type { MispJson } from '../types.ts'

const str = (value: number | string | null | undefined): string => String(value ?? 0)
const bool = (value: number | null | undefined): boolean => value === 1

/** The user columns as MISP answers them; `password` and `authkey` only when given. */
export function userColumns(
  user: UserRecord,
  secrets: { password?: string; authkey?: string } = {},
): Record<string, unknown> {
  const row: Record<string, unknown> = { id: str(user.id) }
  if (secrets.password !== undefined) row.password = secrets.password
  Object.assign(row, {
    org_id: str(user.org_id),
    server_id: str(user.server_id),
    email: user.email,
    autoalert: bool(user.autoalert),
  })
  if (secrets.authkey !== undefined) row.authkey = secrets.authkey
  Object.assign(row, {
    invited_by: str(user.invited_by),
    gpgkey: user.gpgkey,
    certif_public: user.certif_public,
    nids_sid: str(user.nids_sid),
    termsaccepted: bool(user.termsaccepted),
    newsread: str(user.newsread),
    role_id: str(user.role_id),
    change_pw: bool(user.change_pw),
    contactalert: bool(user.contactalert),
    disabled: bool(user.disabled),
    expiration: user.expiration === null ? null : str(user.expiration),
    current_login: str(user.current_login),
    last_login: str(user.last_login),
    last_api_access: str(user.last_api_access),
    force_logout: bool(user.force_logout),
    date_created: str(user.date_created),
    date_modified: str(user.date_modified),
    external_auth_required: bool(user.external_auth_required),
    last_pw_change: str(user.last_pw_change),
    notification_daily: bool(user.notification_daily),
    notification_weekly: bool(user.notification_weekly),
    notification_monthly: bool(user.notification_monthly),
  })
  return row
}

/** An `/admin/users/index` entry: `{User, Role: {id, name, perm_auth, perm_site_admin, perm_admin}, Organisation: {id, name}}`. */
export function userIndexEntry(
  row: UserRecord & { role_name: string; perm_site_admin: number; perm_admin: number; org_name: string | null },
): MispJson {
  return {
    User: userColumns(row),
    Role: {
      id: str(row.role_id),
      name: row.role_name,
      // Every Sluice role may use the API.
      perm_auth: true,
      perm_site_admin: bool(row.perm_site_admin),
      perm_admin: bool(row.perm_admin),
    },
    Organisation: { id: str(row.org_id), name: row.org_name ?? '' },
  }
}

/** Keys that never reach a trigger payload or an audit row's values (docs/differences-from-misp.md, "Secrets"). */
const SECRET_KEYS: readonly string[] = [
  'password',
  'confirm_password',
  'authkey',
  'authkey_hash',
  'authkey_start',
  'totp',
  'hotp_counter',
  'external_auth_key',
]

/** Whether the user field `key` holds a secret: its value never leaves the platform. */
export function isUserSecret(key: string): boolean {
  return SECRET_KEYS.includes(key)
}

/** The flat user fields of a save without any secret (user-before-save / user-after-save raw data). */
export function withoutSecrets(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([key]) => !isUserSecret(key)))
}
