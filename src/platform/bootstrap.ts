/**
 * First start (issue #3): the host organisation, the three roles and a site-admin user with a
 * 40-character API key (MISP's length), returned once. Idempotent: later starts change nothing.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { UserError } from '../errors.ts'
import { countUsers, findRoleByName, insertOrganisation, insertRole, insertUser } from '../store/index.ts'
import type { LocalPlatform } from './create-platform.ts'
import { sha256 } from './platform-context.ts'
import { HOST_ORG_SETTING } from './settings/settings-service.ts'

const KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** A random 40-character alphanumeric API key, like MISP's auth keys. */
export function generateApiKey(): string {
  const bytes = randomBytes(40)
  return Array.from(bytes, (byte) => KEY_ALPHABET[byte % KEY_ALPHABET.length]).join('')
}

const ROLES = [
  { name: 'admin', perm_site_admin: 1, perm_admin: 1, perm_tag_editor: 1 },
  { name: 'Org Admin', perm_site_admin: 0, perm_admin: 1, perm_tag_editor: 1 },
  // As MISP's default User role: tags with existing tags, creates none (docs/access.md "Tags").
  { name: 'User', perm_site_admin: 0, perm_admin: 0, perm_tag_editor: 0 },
]

/** What bootstrapping may be given. */
export interface BootstrapOptions {
  /** Use this key for the site admin instead of a random one (`SLUICE_ADMIN_KEY`). */
  adminKey?: string
  orgName?: string
  adminEmail?: string
}

/** Creates the host organisation and site admin on first start; returns the new API key then only. */
export async function bootstrap(platform: LocalPlatform, options: BootstrapOptions = {}): Promise<{ apiKey?: string }> {
  const { store } = platform
  await platform.settings.load()
  if (options.adminKey !== undefined && !/^[A-Za-z0-9]{40}$/.test(options.adminKey)) {
    throw new UserError('SLC_VALIDATION', 'The admin key must be 40 alphanumeric characters.')
  }
  if ((await countUsers(store.db)) > 0) return {}
  const apiKey = options.adminKey ?? generateApiKey()
  const now = new Date()
  const orgId = await store.transaction(async (trx) => {
    for (const role of ROLES) {
      if (await findRoleByName(trx, role.name)) continue
      await insertRole(trx, {
        perm_add: 1,
        perm_modify: 1,
        perm_modify_org: 1,
        perm_publish: 1,
        perm_tagger: 1,
        perm_sighting: 1,
        ...role,
      })
    }
    const stamp = now.toISOString().slice(0, 19).replace('T', ' ')
    const id = await insertOrganisation(trx, {
      uuid: randomUUID(),
      name: options.orgName ?? 'ORGNAME',
      local: 1,
      date_created: stamp,
      date_modified: stamp,
    })
    const role = (await findRoleByName(trx, 'admin'))!
    await insertUser(trx, {
      email: options.adminEmail ?? 'admin@admin.test',
      org_id: id,
      role_id: role.id,
      authkey_hash: sha256(apiKey),
      authkey_start: apiKey.slice(0, 4),
      date_created: Math.floor(now.getTime() / 1000),
      date_modified: Math.floor(now.getTime() / 1000),
    })
    return id
  })
  await platform.settings.set(HOST_ORG_SETTING, orgId)
  return { apiKey }
}
