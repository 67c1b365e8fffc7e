/**
 * Other organisations with their people, for access tests (sharing groups, docs/access.md): an
 * organisation row plus an org admin and a user added through `/admin/users/add`'s operation,
 * each with its API key and its platform actor.
 */
import { randomUUID } from 'node:crypto'
import type { Actor, LocalPlatform } from '../../src/platform/index.ts'
import { insertOrganisation } from '../../src/store/index.ts'

/** A person of an organisation: its API key and its actor. */
export interface Member {
  key: string
  actor: Actor
}

/** An organisation with an org admin and a user. */
export interface TestOrganisation {
  id: number
  uuid: string
  name: string
  orgAdmin: Member
  user: Member
}

async function roleId(platform: LocalPlatform, name: string): Promise<number> {
  const row = await platform.store.db
    .selectFrom('roles')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirstOrThrow()
  return row.id
}

async function addMember(platform: LocalPlatform, admin: Actor, orgId: number, email: string, role: string) {
  const added = await platform.users.add(admin, { email, role_id: await roleId(platform, role), org_id: orgId })
  const key = added.User.authkey as string
  const actor = await platform.users.authenticate(key)
  if (!actor) throw new Error(`the new user ${email} does not authenticate`)
  return { key, actor }
}

/** Adds organisation `name` with `admin@<name>.test` (Org Admin) and `user@<name>.test` (User). */
export async function addOrganisation(platform: LocalPlatform, admin: Actor, name: string): Promise<TestOrganisation> {
  const uuid = randomUUID()
  const id = await insertOrganisation(platform.store.db, {
    uuid,
    name,
    local: 1,
    date_created: '2026-01-01 00:00:00',
    date_modified: '2026-01-01 00:00:00',
  })
  const domain = name.toLowerCase().replace(/[^a-z0-9]+/g, '-')
  return {
    id,
    uuid,
    name,
    orgAdmin: await addMember(platform, admin, id, `admin@${domain}.test`, 'Org Admin'),
    user: await addMember(platform, admin, id, `user@${domain}.test`, 'User'),
  }
}

/** The three organisations of the sharing-group tests. */
export interface ThreeOrganisations {
  alpha: TestOrganisation
  beta: TestOrganisation
  gamma: TestOrganisation
}

/** Adds `Alpha CERT`, `Beta SOC` and `Gamma Corp` (in that order), each with its org admin and user. */
export async function addThreeOrganisations(platform: LocalPlatform, admin: Actor): Promise<ThreeOrganisations> {
  const alpha = await addOrganisation(platform, admin, 'Alpha CERT')
  const beta = await addOrganisation(platform, admin, 'Beta SOC')
  const gamma = await addOrganisation(platform, admin, 'Gamma Corp')
  return { alpha, beta, gamma }
}
