/**
 * Who may create tags (docs/access.md "Tags"): as in MISP, site admins always, anyone else only
 * when their role has `perm_tag_editor`. That covers `/tags/add`, a tag named in
 * `/tags/attachTagToObject` that does not exist yet, and the tags named in an event, attribute
 * or object being saved (MISP's `Tag::captureTag`). Bootstrap gives the flag to the `admin` and
 * `Org Admin` roles and not to `User`, as MISP's default roles do.
 */
import { type Executor, findRole, findUser } from '../../store/index.ts'
import type { Actor } from '../types.ts'

/** MISP's reason when a tag to attach is unknown and the user may not create it (TagsController, verbatim). */
export const TAG_NOT_CREATABLE = 'Tag not found and insufficient privileges to create it.'

/**
 * Whether `actor` may create tags. The role is read from the database on each call: an actor
 * carries only its role's name, and a role change must count at once.
 */
export async function mayCreateTags(db: Executor, actor: Pick<Actor, 'userId' | 'role'>): Promise<boolean> {
  // Site admins, the workflow user (MISP's SYSTEM) among them, may do everything.
  if (actor.role === 'site_admin') return true
  const user = await findUser(db, actor.userId)
  const role = user ? await findRole(db, user.role_id) : undefined
  return role?.perm_tag_editor === 1
}
