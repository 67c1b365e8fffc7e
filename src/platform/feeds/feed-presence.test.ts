import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { testDatabases } from '../../../test/harness/databases.ts'
import { insertFeed, replaceFeedValues, type Store, updateFeed } from '../../store/index.ts'
import { createFeedPresence, feedFetchOptions } from './feed-presence.ts'

const feedRow = { name: 'Tor exit nodes', provider: 'dan.me.uk', url: '/feeds/tor.txt', created: 1, modified: 1 }

for (const db of testDatabases()) {
  describe(`${db.name}: feed presence`, () => {
    let store: Store

    beforeEach(async () => {
      store = await db.open()
    })
    afterEach(async () => store.close())

    it('answers whether an enabled feed has cached values, and keeps the answer until told feeds changed', async () => {
      let clock = 0
      const presence = createFeedPresence(store.dialect, () => clock)
      expect(await presence.hasCorrelatingFeed(store.db)).toBe(false)
      const id = await insertFeed(store.db, { ...feedRow, enabled: 1 })
      await replaceFeedValues(store, id, [{ value: '198.51.100.7', eventUuid: null }], 1)
      // Still the cached answer: this process was not told.
      expect(await presence.hasCorrelatingFeed(store.db)).toBe(false)
      presence.changed()
      expect(await presence.hasCorrelatingFeed(store.db)).toBe(true)
      await updateFeed(store.db, id, { enabled: 0 })
      presence.changed()
      expect(await presence.hasCorrelatingFeed(store.db)).toBe(false)
      // Another process's change is seen once the shared-cache bound has passed (PostgreSQL only).
      await updateFeed(store.db, id, { enabled: 1 })
      clock += 1001
      expect(await presence.hasCorrelatingFeed(store.db)).toBe(store.dialect === 'postgres')
    })

    it('asks for correlations only when the setting is on and a feed can hit', async () => {
      const presence = createFeedPresence(store.dialect)
      const id = await insertFeed(store.db, { ...feedRow, enabled: 1 })
      // An enabled feed with nothing cached cannot hit.
      expect(await feedFetchOptions(() => undefined, presence, store.db)).toEqual({ includeFeedCorrelations: false })
      await replaceFeedValues(store, id, [{ value: '198.51.100.7', eventUuid: null }], 1)
      presence.changed()
      expect(await feedFetchOptions(() => undefined, presence, store.db)).toEqual({ includeFeedCorrelations: true })
      const off = (name: string) => (name === 'Sluice.feed_correlations' ? false : undefined)
      expect(await feedFetchOptions(off, presence, store.db)).toEqual({ includeFeedCorrelations: false })
    })
  })
}
