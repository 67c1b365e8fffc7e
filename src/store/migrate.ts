/** Runs the store's migrations at open, from a static list (no directory scanning; issue #3). */
import type { Kysely } from 'kysely'
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration'
import { OperationalError } from '../errors.ts'
import type { StoreDialect } from './database.ts'
import { initialMigration } from './migrations/0001-initial.ts'
import { objectsProposalsMigration } from './migrations/0002-objects-proposals.ts'
import { usersPostsMigration } from './migrations/0003-users-posts.ts'
import { jobQueueMigration } from './migrations/0004-job-queue.ts'
import { runHistoryMigration } from './migrations/0005-run-history.ts'
import { workflowVersionsMigration } from './migrations/0006-workflow-versions.ts'
import { intelListsMigration } from './migrations/0007-intel-lists.ts'
import { sharingGroupsMigration } from './migrations/0008-sharing-groups.ts'
import { feedsMigration } from './migrations/0009-feeds.ts'
import { objectReferencesMigration } from './migrations/0010-object-references.ts'
import { runInputsMigration } from './migrations/0011-run-inputs.ts'
import { sessionsMigration } from './migrations/0012-sessions.ts'
import { userRoleTagEditorMigration } from './migrations/0013-user-role-tag-editor.ts'

/** Every migration, by name, in order. */
export function storeMigrations(dialect: StoreDialect): Record<string, Migration> {
  return {
    '0001-initial': initialMigration(dialect),
    '0002-objects-proposals': objectsProposalsMigration,
    '0003-users-posts': usersPostsMigration,
    '0004-job-queue': jobQueueMigration(dialect),
    '0005-run-history': runHistoryMigration(dialect),
    '0006-workflow-versions': workflowVersionsMigration(dialect),
    '0007-intel-lists': intelListsMigration(dialect),
    '0008-sharing-groups': sharingGroupsMigration(dialect),
    '0009-feeds': feedsMigration(dialect),
    '0010-object-references': objectReferencesMigration(dialect),
    '0011-run-inputs': runInputsMigration(dialect),
    '0012-sessions': sessionsMigration,
    '0013-user-role-tag-editor': userRoleTagEditorMigration,
  }
}

/** A static migration provider for one dialect. */
export function staticMigrationProvider(dialect: StoreDialect): MigrationProvider {
  return { getMigrations: async () => storeMigrations(dialect) }
}

/** Brings the database to the latest schema; throws SLC_DATABASE when a migration fails. */
export async function migrateToLatest(db: Kysely<any>, dialect: StoreDialect): Promise<void> {
  const migrator = new Migrator({ db, provider: staticMigrationProvider(dialect) })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName
    // No migration failed: the database could not even be reached (refused, unknown host, auth).
    const message = failed
      ? `migration ${failed} failed: ${(error as Error).message}`
      : `could not be reached: ${(error as Error).message}`
    throw new OperationalError('SLC_DATABASE', message, error)
  }
}
