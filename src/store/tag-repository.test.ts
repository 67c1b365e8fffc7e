import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { testDatabases } from '../../test/harness/databases.ts'
import type { Store } from './database.ts'
import { insertTag, searchTags } from './tag-repository.ts'

for (const db of testDatabases()) {
  describe(`${db.name}: searchTags`, () => {
    let store: Store

    beforeEach(async () => {
      store = await db.open()
      for (const name of ['tlp:red', 'tlp:amber', 'PAP:RED', 'tlp:green', 'osint:source-type="blog-post"']) {
        await insertTag(store.db, { name })
      }
    })
    afterEach(async () => store.close())

    it('finds tags by a case-insensitive part of the name, in name order', async () => {
      expect((await searchTags(store.db, 'RED')).map((tag) => tag.name)).toEqual(['PAP:RED', 'tlp:red'])
    })

    it('answers at most `limit` tags, the first by name, for the editor’s tag picker', async () => {
      expect((await searchTags(store.db, 'tlp', 2)).map((tag) => tag.name)).toEqual(['tlp:amber', 'tlp:green'])
      expect(await searchTags(store.db, undefined, 3)).toHaveLength(3)
      expect(await searchTags(store.db, 'tlp')).toHaveLength(3)
    })
  })
}
