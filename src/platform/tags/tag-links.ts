/**
 * Tag look-up, creation and the `tag-attached-after-save` raw data (spec/ENGINE.md §4.1.1; Q4, Q5
 * fixed: fired for every attachment, with the real `local` flag for attribute tags too).
 */
import {
  type Executor,
  findTag,
  findTagByName,
  insertTag,
  linkAttributeTag,
  type TagRecord,
} from '../../store/index.ts'
import { tagColumns } from '../misp-rows.ts'
import type { PlatformContext } from '../platform-context.ts'
import type { RunChain } from '../runs/run-chain.ts'
import type { Actor } from '../types.ts'
import { mayCreateTags } from './tag-editors.ts'

/**
 * The tag named `name`, created (exportable, white) when missing and `actor` may create tags
 * (tag-editors.ts); null when it is missing and `actor` may not, and the caller leaves that tag
 * out, as MISP's `Tag::captureTag` does.
 */
export async function ensureTag(
  db: Executor,
  name: string,
  actor: Pick<Actor, 'userId' | 'role'>,
): Promise<TagRecord | null> {
  const existing = await findTagByName(db, name)
  if (existing) return existing
  if (!(await mayCreateTags(db, actor))) return null
  const id = await insertTag(db, { name, colour: '#ffffff', user_id: actor.userId })
  return (await findTag(db, id))!
}

/** One saved tag link whose trigger fires after commit. */
export interface SavedTagLink {
  kind: 'event' | 'attribute'
  linkId: number
  tag: TagRecord
  eventId: number
  attributeId?: number
  local: boolean
}

/**
 * Attaches `tags` to attribute `attributeId` of event `eventId`, creating missing tags when
 * `actor` may (others are left out, see ensureTag), and adds each link that is new to `links`,
 * whose `tag-attached-after-save` fires after commit.
 */
export async function attachAttributeTags(
  db: Executor,
  actor: Pick<Actor, 'userId' | 'role'>,
  target: { eventId: number; attributeId: number },
  tags: ReadonlyArray<{ name: string; local: boolean }>,
  links: SavedTagLink[],
): Promise<void> {
  const { eventId, attributeId } = target
  for (const tag of tags) {
    const record = await ensureTag(db, tag.name, actor)
    if (!record) continue
    const link = await linkAttributeTag(db, attributeId, eventId, record.id, tag.local)
    if (link.created)
      links.push({ kind: 'attribute', linkId: link.id, tag: record, eventId, attributeId, local: tag.local })
  }
}

/**
 * Fires `tag-attached-after-save` for a saved link, with MISP's raw shape plus the real `local`
 * flag. Pass the transaction that saved the link as `db`: the job commits with it (docs/queue.md).
 */
export async function fireTagAttached(
  ctx: PlatformContext,
  link: SavedTagLink,
  chain?: RunChain,
  db?: Executor,
): Promise<void> {
  if (!(await ctx.dispatcher.isCallable('tag-attached-after-save', db))) return
  const tag: Record<string, unknown> = tagColumns(link.tag)
  if (link.kind === 'attribute') tag.attribute_id = String(link.attributeId)
  tag.event_id = String(link.eventId)
  tag.local = link.local
  await ctx.dispatcher.fire(
    'tag-attached-after-save',
    { Tag: tag },
    { action: 'add', model: link.kind === 'event' ? 'EventTag' : 'AttributeTag', id: link.linkId },
    { isRawTransferred: true, chain, db },
  )
}
