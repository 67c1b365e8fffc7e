/**
 * The default `User` role stops being a tag editor (docs/access.md "Tags"). Creating tags takes
 * `perm_tag_editor`, as in MISP, whose default User role does not have it; Sluice's first
 * start used to give it to every role, and since no API edits roles, a `User` role holding it
 * can only come from that start. Roles that are admin or org admin keep the permission.
 */
import type { Kysely } from 'kysely'
import type { Migration } from 'kysely/migration'

export const userRoleTagEditorMigration: Migration = {
  async up(db: Kysely<any>) {
    await db
      .updateTable('roles')
      .set({ perm_tag_editor: 0 })
      .where('name', '=', 'User')
      .where('perm_site_admin', '=', 0)
      .where('perm_admin', '=', 0)
      .execute()
  },
}
