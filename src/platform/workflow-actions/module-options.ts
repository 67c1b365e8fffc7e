/**
 * The parameter options MISP fills from its database when it serves the data actions'
 * descriptors (spec/ENGINE.md §4.3): tag names for `tag_operation`, warninglists for
 * `add_to_warninglist` and `attach-warninglist`, decaying models for `attach-decay-score`, the
 * users' e-mails for the mail modules, misp-modules' enrichment modules for
 * `attach-enrichment` and `enrich-event`, and the sharing groups (`{<id>: <name>}`, every group:
 * the workflow user is a site admin) for `Module_event_distribution_operation` and
 * `distribution-if`. The static descriptors carry MISP's "nothing
 * available" state; the host's module listing passes each descriptor through `withHostOptions`
 * to show its real data.
 */
import type { ModuleDescriptor, ParamDescriptor } from '../../engine/index.ts'
import {
  type Executor,
  listSharingGroups,
  listUsersWithRoles,
  listWarninglists,
  searchTags,
} from '../../store/index.ts'
import { DECAYING_MODELS } from './decaying-models.ts'

/** What each module's options come from, read once per listing. */
interface HostData {
  tagNames(): Promise<string[]>
  warninglists(): ReturnType<typeof listWarninglists>
  userEmails(): Promise<string[]>
  /** The enrichment module names, sorted; null when misp-modules cannot be reached. */
  enrichmentModules(): Promise<string[] | null>
  /** Every sharing group as `{<id>: <name>}`, by id. */
  sharingGroups(): Promise<Record<string, string>>
}

/** How much of the host's data the options carry. */
export interface HostOptionChoices {
  /**
   * false: leave out the option lists a client can search on the server instead (the tag names
   * of `tag_operation`: with 20,000 tags, a 600 KB list on every module listing). MISP always
   * sends them; Sluice's editor asks without them and searches `/tags/index/searchall:`.
   */
  withSearchableLists?: boolean
}

/** Where the options that do not live in the database come from. */
export interface HostOptionSources {
  /** misp-modules' enrichment module names (the `Enrichment` port's `modules()`); rejects when unreachable. */
  enrichmentModules?: () => Promise<string[]>
}

/** MISP's recipient choices followed by every user's e-mail (spec/ENGINE.md §4.3 `send-mail`). */
const withUserEmails: Filler = async (param, data) => ({
  ...param,
  options: [...(Array.isArray(param.options) ? param.options : []), ...(await data.userEmails())],
})

type Filler = (param: ParamDescriptor, data: HostData) => Promise<ParamDescriptor>

/** The sharing-group picker's options: `{<id>: <name>}` of every group (spec/ENGINE.md §4.2, §4.3). */
const withSharingGroups: Filler = async (param, data) => ({ ...param, options: await data.sharingGroups() })

/** The fillers whose list a client can search on the server instead (`HostOptionChoices`). */
const SEARCHABLE: Record<string, string[]> = { tag_operation: ['tags'] }

const FILLERS: Record<string, Record<string, Filler>> = {
  tag_operation: {
    tags: async (param, data) => ({ ...param, options: await data.tagNames() }),
  },
  add_to_warninglist: {
    warninglist: async (param, data) => {
      const custom = (await data.warninglists()).filter((list) => list.enabled === 1 && list.default === 0)
      return {
        ...param,
        options: Object.fromEntries(custom.map((list) => [String(list.id), list.name])),
        picker_options: {
          placeholder_text:
            custom.length > 0 ? 'Pick an active custom warninglist' : 'No active custom warninglist available',
        },
      }
    },
  },
  'attach-warninglist': {
    warninglists: async (param, data) => {
      const names = (await data.warninglists()).filter((list) => list.enabled === 1).map((list) => list.name)
      return { ...param, options: [...new Set([...names, 'ALL'])].sort() }
    },
  },
  Module_event_distribution_operation: { sharing_group_id: withSharingGroups },
  'distribution-if': { sharing_group_id: withSharingGroups },
  'send-mail': { recipients: withUserEmails },
  'send-log-mail': { recipients: withUserEmails },
  'attach-enrichment': {
    modules: async (param, data) => {
      const names = (await data.enrichmentModules()) ?? []
      if (names.length === 0) return param
      const { disabled: _disabled, picker_options: _placeholder, ...enabled } = param
      return { ...enabled, options: ['', ...names] }
    },
  },
  'enrich-event': {
    modules: async (param, data) => {
      const names = await data.enrichmentModules()
      return { ...param, options: names === null ? ['Module service not reachable.'] : ['', ...names] }
    },
  },
  'attach-decay-score': {
    decayingmodels: async (param) => ({
      ...param,
      options: Object.fromEntries(
        DECAYING_MODELS.filter((model) => model.enabled).map((model) => [model.id, model.name]),
      ),
    }),
  },
}

/** Whether `descriptor` has options this host fills. */
export function hasHostOptions(descriptor: Pick<ModuleDescriptor, 'id'>): boolean {
  return FILLERS[descriptor.id] !== undefined
}

/** `descriptor` with its host-filled options read from `db` and `sources` (unchanged when it has none). */
export async function withHostOptions(
  db: Executor,
  descriptor: ModuleDescriptor,
  sources: HostOptionSources = {},
  choices: HostOptionChoices = {},
): Promise<ModuleDescriptor> {
  const fillers = FILLERS[descriptor.id]
  if (!fillers) return descriptor
  const skipped = choices.withSearchableLists === false ? (SEARCHABLE[descriptor.id] ?? []) : []
  let warninglists: ReturnType<typeof listWarninglists> | undefined
  const data: HostData = {
    tagNames: async () =>
      (await searchTags(db))
        .filter((tag) => tag.is_galaxy !== 1)
        .map((tag) => tag.name)
        .sort(),
    warninglists: () => {
      warninglists ??= listWarninglists(db)
      return warninglists
    },
    userEmails: async () => (await listUsersWithRoles(db)).map((user) => user.email).sort(),
    sharingGroups: async () =>
      Object.fromEntries((await listSharingGroups(db)).map((group) => [String(group.id), group.name])),
    enrichmentModules: async () => {
      if (!sources.enrichmentModules) return null
      try {
        return [...new Set(await sources.enrichmentModules())].sort()
      } catch {
        return null
      }
    },
  }
  const params = await Promise.all(
    descriptor.params.map((param) =>
      fillers[param.id] && !skipped.includes(param.id) ? fillers[param.id](param, data) : param,
    ),
  )
  return { ...descriptor, params }
}
