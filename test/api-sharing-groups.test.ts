/**
 * `/sharing_groups/*` and distribution 4 over real HTTP on the real platform, on every test
 * database (docs/sharing-groups.md): MISP's answer shapes, a group of two organisations whose
 * distribution-4 event a member's user sees and a non-member's gets 404 for, bad input named
 * with nothing saved, membership changes, and the refusal to delete a group in use.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { testDatabases } from './harness/databases.ts'
import { type CallResult, call, type RunningApp } from './harness/http.ts'
import { addThreeOrganisations, type TestOrganisation } from './harness/organisations.ts'
import { type ServedTestPlatform, serveTestPlatform } from './harness/test-platform.ts'

const ADMIN_KEY = 'S'.repeat(40)

for (const db of testDatabases()) {
  describe(`${db.name}: /sharing_groups and distribution 4 over HTTP`, () => {
    let env: ServedTestPlatform
    let app: RunningApp
    let alpha: TestOrganisation
    let beta: TestOrganisation
    let gamma: TestOrganisation
    let groupId: string

    const send = (method: string, path: string, key: string, body?: unknown): Promise<CallResult> =>
      env.send(method, path, body, key)
    const eventCount = async () => (await send('GET', '/events/index', ADMIN_KEY)).json.length

    beforeEach(async () => {
      env = await serveTestPlatform(db, { adminKey: ADMIN_KEY })
      app = env.app
      ;({ alpha, beta, gamma } = await addThreeOrganisations(env.platform, env.admin))
      const added = await send('POST', '/sharing_groups/add', alpha.orgAdmin.key, {
        SharingGroup: { name: 'Alpha and Beta', releasability: 'Alpha and Beta only' },
        SharingGroupOrg: [{ Organisation: { uuid: beta.uuid }, extend: 0 }],
      })
      expect(added.status).toBe(200)
      groupId = added.json.SharingGroup.id
    })
    afterEach(() => env.close())

    it('answers add and view in MISP’s shape', async () => {
      const view = await send('GET', `/sharing_groups/view/${groupId}`, beta.user.key)
      expect(view.status).toBe(200)
      expect(Object.keys(view.json)).toEqual(['SharingGroup', 'Organisation', 'SharingGroupOrg', 'SharingGroupServer'])
      expect(view.json.SharingGroup).toMatchObject({
        id: groupId,
        name: 'Alpha and Beta',
        releasability: 'Alpha and Beta only',
        org_id: String(alpha.id),
        organisation_uuid: alpha.uuid,
        active: true,
      })
      expect(view.json.Organisation).toEqual({ id: String(alpha.id), name: 'Alpha CERT', uuid: alpha.uuid })
      expect(view.json.SharingGroupOrg.map((member: any) => member.Organisation.name).sort()).toEqual([
        'Alpha CERT',
        'Beta SOC',
      ])
      const byUuid = await send('GET', `/sharing_groups/view/${view.json.SharingGroup.uuid}`, alpha.user.key)
      expect(byUuid.json.SharingGroup.id).toBe(groupId)
      const hidden = await send('GET', `/sharing_groups/view/${groupId}`, gamma.user.key)
      expect(hidden.status).toBe(404)
      expect(hidden.json.message).toBe("Sharing group doesn't exist or you do not have permission to access it.")
    })

    it('lists the readable groups under `response`', async () => {
      const forBeta = await send('GET', '/sharing_groups/index', beta.user.key)
      expect(forBeta.status).toBe(200)
      expect(forBeta.json.response).toHaveLength(1)
      expect(forBeta.json.response[0]).toMatchObject({
        SharingGroup: { name: 'Alpha and Beta', org_count: '2' },
        editable: false,
        deletable: false,
      })
      expect((await send('GET', '/sharing_groups', gamma.user.key)).json).toEqual({ response: [] })
      const forOwner = await send('GET', '/sharing_groups/index', alpha.orgAdmin.key)
      expect(forOwner.json.response[0]).toMatchObject({ editable: true, deletable: true })
    })

    it('refuses a plain user’s add and a nameless group, saving nothing', async () => {
      const refused = await send('POST', '/sharing_groups/add', alpha.user.key, { name: 'Mine' })
      expect(refused.status).toBe(403)
      const nameless = await send('POST', '/sharing_groups/add', alpha.orgAdmin.key, { SharingGroup: { name: '' } })
      expect(nameless.status).toBe(403)
      expect(nameless.json).toMatchObject({ saved: false, name: 'Could not add SharingGroup' })
      expect(nameless.json.errors.SharingGroup.name).toEqual([expect.any(String)])
      const wrongType = await send('POST', '/sharing_groups/add', alpha.orgAdmin.key, { name: 42 })
      expect(wrongType.status).toBe(400)
      expect(wrongType.json.errors.SharingGroup.name).toEqual([expect.any(String)])
      expect((await send('GET', '/sharing_groups/index', ADMIN_KEY)).json.response).toHaveLength(1)
    })

    it('edits a group as its owner', async () => {
      const edited = await send('PUT', `/sharing_groups/edit/${groupId}`, alpha.orgAdmin.key, {
        SharingGroup: { description: 'Joint cases' },
      })
      expect(edited.status).toBe(200)
      expect(edited.json.SharingGroup).toMatchObject({ name: 'Alpha and Beta', description: 'Joint cases' })
      const byMember = await send('POST', `/sharing_groups/edit/${groupId}`, beta.orgAdmin.key, { name: 'Ours' })
      expect(byMember.status).toBe(403)
    })

    describe('a distribution-4 event', () => {
      let eventId: string

      beforeEach(async () => {
        const added = await send('POST', '/events/add', alpha.user.key, {
          Event: {
            info: 'Shared case',
            distribution: '4',
            sharing_group_id: groupId,
            Attribute: [{ type: 'ip-dst', value: '198.51.100.7', distribution: 4, sharing_group_id: groupId }],
          },
        })
        expect(added.status).toBe(200)
        eventId = added.json.Event.id
        expect(added.json.Event).toMatchObject({ distribution: '4', sharing_group_id: groupId })
      })

      it('is visible to a member organisation’s user, with its SharingGroup', async () => {
        const view = await send('GET', `/events/view/${eventId}`, beta.user.key)
        expect(view.status).toBe(200)
        expect(view.json.Event.SharingGroup).toMatchObject({
          id: groupId,
          name: 'Alpha and Beta',
          releasability: 'Alpha and Beta only',
          Organisation: { name: 'Alpha CERT' },
        })
        expect(view.json.Event.SharingGroup.SharingGroupOrg).toHaveLength(2)
        expect(view.json.Event.Attribute[0].SharingGroup.id).toBe(groupId)
        const index = await send('GET', '/events/index', beta.user.key)
        expect(index.json.map((event: any) => event.id)).toContain(eventId)
      })

      it('answers 404 to a non-member organisation’s user, as for an unknown event', async () => {
        const hidden = await send('GET', `/events/view/${eventId}`, gamma.user.key)
        expect(hidden.status).toBe(404)
        expect(hidden.json.message).toBe('Invalid event.')
        const unknown = await send('GET', '/events/view/999999', gamma.user.key)
        expect(unknown.json.message).toBe(hidden.json.message)
        const index = await send('GET', '/events/index', gamma.user.key)
        expect(index.json.map((event: any) => event.id)).not.toContain(eventId)
      })

      it('follows membership: addOrg shows the event to the new member, removeOrg hides it again', async () => {
        const addOrg = await send('POST', `/sharing_groups/addOrg/${groupId}/${gamma.id}`, alpha.orgAdmin.key)
        expect(addOrg.status).toBe(200)
        expect(addOrg.json).toEqual({
          saved: true,
          success: true,
          name: 'Organisation added to the sharing group.',
          message: 'Organisation added to the sharing group.',
          url: '/sharing_groups/addOrg',
        })
        expect((await send('GET', `/events/view/${eventId}`, gamma.user.key)).status).toBe(200)
        const again = await send('POST', `/sharing_groups/addOrg/${groupId}/${gamma.uuid}`, alpha.orgAdmin.key)
        expect(again.status).toBe(403)
        expect(again.json.errors.SharingGroup.org_id).toEqual(['Organisation is already in the sharing group.'])
        const removeOrg = await send('POST', `/sharing_groups/removeOrg/${groupId}/${gamma.id}`, alpha.orgAdmin.key)
        expect(removeOrg.json.name).toBe('Organisation removed from the sharing group.')
        expect((await send('GET', `/events/view/${eventId}`, gamma.user.key)).status).toBe(404)
        const unknownOrg = await send('POST', `/sharing_groups/addOrg/${groupId}/9999`, alpha.orgAdmin.key)
        expect(unknownOrg.status).toBe(404)
        expect(unknownOrg.json.message).toBe('Invalid organisation.')
      })

      it('refuses to delete the group while the event uses it, then deletes it once unused', async () => {
        const refused = await send('DELETE', `/sharing_groups/delete/${groupId}`, alpha.orgAdmin.key)
        expect(refused.status).toBe(403)
        expect(refused.json.saved).toBe(false)
        expect(refused.json.errors.SharingGroup.id[0]).toContain('events')
        expect((await send('GET', `/sharing_groups/view/${groupId}`, alpha.user.key)).status).toBe(200)
        expect(
          (await send('POST', `/events/edit/${eventId}`, alpha.user.key, { Event: { distribution: 1 } })).status,
        ).toBe(200)
        const attributeId = (await send('GET', `/events/view/${eventId}`, alpha.user.key)).json.Event.Attribute[0].id
        const attribute = await send('POST', `/attributes/edit/${attributeId}`, alpha.user.key, { distribution: 5 })
        expect(attribute.json.Attribute).toMatchObject({ distribution: '5', sharing_group_id: '0' })
        const deleted = await send('POST', `/sharing_groups/delete/${groupId}`, alpha.orgAdmin.key)
        expect(deleted.status).toBe(200)
        expect(deleted.json).toMatchObject({ saved: true, success: true, name: 'SharingGroup deleted', id: groupId })
        expect((await send('GET', `/sharing_groups/view/${groupId}`, alpha.user.key)).status).toBe(404)
      })
    })

    describe('bad distribution-4 input', () => {
      it.each([
        ['no group', {}],
        ['an unknown group', { sharing_group_id: 9999 }],
      ])('answers an event with %s naming Event.sharing_group_id, saving nothing', async (_case, group) => {
        const before = await eventCount()
        const result = await send('POST', '/events/add', alpha.user.key, {
          Event: { info: 'Bad', distribution: 4, ...group },
        })
        expect(result.status).toBe(403)
        expect(result.json).toMatchObject({ saved: false, name: 'Could not add Event' })
        expect(result.json.errors.Event.sharing_group_id).toEqual([expect.any(String)])
        expect(await eventCount()).toBe(before)
      })

      it('answers a group the user cannot see like an unknown one, saving nothing', async () => {
        const before = await eventCount()
        const borrowed = await send('POST', '/events/add', gamma.user.key, {
          Event: { info: 'Borrowed', distribution: 4, sharing_group_id: groupId },
        })
        const unknown = await send('POST', '/events/add', gamma.user.key, {
          Event: { info: 'Unknown', distribution: 4, sharing_group_id: 9999 },
        })
        expect(borrowed.status).toBe(403)
        expect(borrowed.json.errors).toEqual(unknown.json.errors)
        expect(await eventCount()).toBe(before)
      })

      it('names Attribute.sharing_group_id and Object.sharing_group_id on attributes and objects', async () => {
        const event = await send('POST', '/events/add', alpha.user.key, { Event: { info: 'Plain', distribution: 0 } })
        const eventId = event.json.Event.id
        const attribute = await send('POST', `/attributes/add/${eventId}`, alpha.user.key, {
          Attribute: { type: 'domain', value: 'a.example', distribution: 4 },
        })
        expect(attribute.status).toBe(403)
        expect(attribute.json.errors.Attribute.sharing_group_id).toEqual([expect.any(String)])
        const object = await send('POST', `/objects/add/${eventId}`, gamma.user.key, {
          Object: {
            name: 'domain-ip',
            'meta-category': 'network',
            distribution: 4,
            sharing_group_id: groupId,
            Attribute: [{ type: 'domain', object_relation: 'domain', value: 'o.example' }],
          },
        })
        // Gamma may not even see Alpha's organisation-only event: 404 before the group is looked at.
        expect(object.status).toBe(404)
        const own = await send('POST', `/objects/add/${eventId}`, alpha.user.key, {
          Object: {
            name: 'domain-ip',
            'meta-category': 'network',
            distribution: 4,
            sharing_group_id: 'nine',
            Attribute: [{ type: 'domain', object_relation: 'domain', value: 'o.example' }],
          },
        })
        expect(own.status).toBe(403)
        expect(own.json.errors.Object.sharing_group_id).toEqual([expect.any(String)])
        const view = await send('GET', `/events/view/${eventId}`, alpha.user.key)
        expect(view.json.Event.Attribute).toEqual([])
        expect(view.json.Event.Object).toEqual([])
      })
    })

    it('documents the routes in the OpenAPI document', async () => {
      const document = await call(app.baseUrl, 'GET', '/api/openapi.json')
      for (const path of [
        '/sharing_groups/index',
        '/sharing_groups/view/{id}',
        '/sharing_groups/add',
        '/sharing_groups/edit/{id}',
        '/sharing_groups/delete/{id}',
        '/sharing_groups/addOrg/{id}/{orgId}',
        '/sharing_groups/removeOrg/{id}/{orgId}',
      ]) {
        expect(document.json.paths[path], path).toBeDefined()
      }
    })
  })
}
