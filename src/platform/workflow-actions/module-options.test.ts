import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { testDatabases } from '../../../test/harness/databases.ts'
import { createBuiltinRegistry } from '../../modules/index.ts'
import { insertTag, insertWarninglist, type Store } from '../../store/index.ts'
import { bootstrap } from '../bootstrap.ts'
import { createPlatform } from '../create-platform.ts'
import { withHostOptions } from './module-options.ts'

const registry = createBuiltinRegistry()
const descriptor = (id: string) => registry.module('action', id)!.descriptor
const param = (filled: { params: Array<{ id: string }> }, id: string) => filled.params.find((p) => p.id === id) as any

for (const db of testDatabases()) {
  describe(`${db.name}: withHostOptions`, () => {
    let store: Store

    beforeEach(async () => {
      store = await db.open()
    })
    afterEach(async () => store.close())

    it('lists the non-galaxy tag names for tag_operation', async () => {
      await insertTag(store.db, { name: 'tlp:green' })
      await insertTag(store.db, { name: 'misp-galaxy:country="france"', is_galaxy: 1 })
      await insertTag(store.db, { name: 'PAP:AMBER' })
      const filled = await withHostOptions(store.db, descriptor('tag_operation'))
      expect(param(filled, 'tags').options).toEqual(['PAP:AMBER', 'tlp:green'])
      expect(param(filled, 'scope')).toEqual(param(descriptor('tag_operation'), 'scope'))
    })

    it('leaves the tag names out for a client that searches them on the server, and keeps the other lists', async () => {
      await insertTag(store.db, { name: 'tlp:green' })
      const lean = { withSearchableLists: false }
      const tags = param(await withHostOptions(store.db, descriptor('tag_operation'), {}, lean), 'tags')
      expect(tags).toEqual(param(descriptor('tag_operation'), 'tags'))
      expect(tags.options).toEqual([])
      const decay = param(await withHostOptions(store.db, descriptor('attach-decay-score'), {}, lean), 'decayingmodels')
      expect(decay.options).toEqual({ 1: 'NIDS Simple Decaying Model' })
    })

    it('offers the enabled custom warninglists to add_to_warninglist and every enabled name plus ALL to attach-warninglist', async () => {
      const custom = await insertWarninglist(store.db, { name: 'Ours', enabled: 1, default: 0 })
      await insertWarninglist(store.db, { name: 'Shipped', enabled: 1, default: 1 })
      await insertWarninglist(store.db, { name: 'Off', enabled: 0, default: 0 })
      const add = param(await withHostOptions(store.db, descriptor('add_to_warninglist')), 'warninglist')
      expect(add.options).toEqual({ [String(custom)]: 'Ours' })
      expect(add.picker_options).toEqual({ placeholder_text: 'Pick an active custom warninglist' })
      const attach = param(await withHostOptions(store.db, descriptor('attach-warninglist')), 'warninglists')
      expect(attach.options).toEqual(['ALL', 'Ours', 'Shipped'])
    })

    it("keeps MISP's empty state without custom lists, and lists the decaying models", async () => {
      const add = param(await withHostOptions(store.db, descriptor('add_to_warninglist')), 'warninglist')
      expect(add.options).toEqual({})
      expect(add.picker_options).toEqual({ placeholder_text: 'No active custom warninglist available' })
      const decay = param(await withHostOptions(store.db, descriptor('attach-decay-score')), 'decayingmodels')
      expect(decay.options).toEqual({ 1: 'NIDS Simple Decaying Model' })
    })

    it('offers every user e-mail after the recipient choices of the mail modules', async () => {
      const platform = createPlatform({ store })
      await bootstrap(platform, { adminEmail: 'soc-lead@example.org' })
      const mail = param(await withHostOptions(store.db, descriptor('send-mail')), 'recipients')
      expect(mail.options).toEqual(['All accounts', 'All admins', 'soc-lead@example.org'])
      const logMail = param(await withHostOptions(store.db, descriptor('send-log-mail')), 'recipients')
      expect(logMail.options).toEqual(['All accounts', 'All admins', 'Org admins', 'soc-lead@example.org'])
      await platform.close()
    })

    it("lists misp-modules' enrichment modules, or says the service cannot be reached", async () => {
      const reachable = { enrichmentModules: async () => ['hashlookup', 'bgp_ranking', 'hashlookup'] }
      const down = {
        enrichmentModules: async (): Promise<string[]> => {
          throw new Error('connect ECONNREFUSED')
        },
      }
      const enrich = param(await withHostOptions(store.db, descriptor('enrich-event'), reachable), 'modules')
      expect(enrich.options).toEqual(['', 'bgp_ranking', 'hashlookup'])
      const enrichDown = param(await withHostOptions(store.db, descriptor('enrich-event'), down), 'modules')
      expect(enrichDown.options).toEqual(['Module service not reachable.'])
      const attach = param(await withHostOptions(store.db, descriptor('attach-enrichment'), reachable), 'modules')
      expect(attach).toMatchObject({ options: ['', 'bgp_ranking', 'hashlookup'], multiple: true })
      expect(attach.disabled).toBeUndefined()
      const attachDown = param(await withHostOptions(store.db, descriptor('attach-enrichment'), down), 'modules')
      expect(attachDown).toEqual(param(descriptor('attach-enrichment'), 'modules'))
    })
  })
}
