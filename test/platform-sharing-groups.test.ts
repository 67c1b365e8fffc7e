/**
 * Sharing groups on the real platform, on every test database (docs/sharing-groups.md,
 * docs/access.md): the group operations and who may do them, distribution 4 on events,
 * attributes, objects and reports with the group checked and nothing saved on bad input, the
 * access rule for members and non-members, `SharingGroup` in the event fetches, and the
 * sharing-group picker of the distribution modules.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBuiltinRegistry } from '../src/modules/index.ts'
import type { Actor, LocalPlatform } from '../src/platform/index.ts'
import { fetchFullEvent } from '../src/platform/events/fetch-event.ts'
import { withHostOptions } from '../src/platform/workflow-actions/index.ts'
import { findEvent, type Store } from '../src/store/index.ts'
import { testDatabases } from './harness/databases.ts'
import { addThreeOrganisations, type TestOrganisation } from './harness/organisations.ts'
import { openTestPlatform, type TestPlatform } from './harness/test-platform.ts'

/** The error an operation rejects with. */
async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('the operation succeeded')
}

for (const db of testDatabases()) {
  describe(`${db.name}: sharing groups`, () => {
    let env: TestPlatform
    let store: Store
    let platform: LocalPlatform
    let admin: Actor
    let alpha: TestOrganisation
    let beta: TestOrganisation
    let gamma: TestOrganisation
    let groupId: string

    const groups = () => platform.sharingGroups
    const eventCount = async () => (await platform.events.index(admin)).length

    beforeEach(async () => {
      env = await openTestPlatform(db, { registry: createBuiltinRegistry() })
      ;({ store, platform, admin } = env)
      ;({ alpha, beta, gamma } = await addThreeOrganisations(platform, admin))
      const added = await groups().add(alpha.orgAdmin.actor, {
        SharingGroup: { name: 'Alpha and Beta', releasability: 'Alpha and Beta only', description: 'Joint cases' },
        SharingGroupOrg: [{ org_id: beta.id, extend: false }],
      })
      groupId = added.SharingGroup.id as string
    })
    afterEach(() => env.close())

    describe('the group operations', () => {
      it('creates a group owned by the org admin’s organisation, the owner listed as a member with extend', async () => {
        const view = await groups().view(alpha.user.actor, groupId)
        expect(view.SharingGroup).toMatchObject({
          id: groupId,
          name: 'Alpha and Beta',
          releasability: 'Alpha and Beta only',
          description: 'Joint cases',
          org_id: String(alpha.id),
          organisation_uuid: alpha.uuid,
          active: true,
          local: true,
          roaming: false,
        })
        expect(view.SharingGroup.uuid).toMatch(/^[0-9a-f-]{36}$/)
        expect(view.SharingGroup.created).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
        expect(view.Organisation).toEqual({ id: String(alpha.id), name: 'Alpha CERT', uuid: alpha.uuid })
        expect(
          view.SharingGroupOrg.map((member) => [member.org_id, member.extend, (member.Organisation as any).name]),
        ).toEqual([
          [String(beta.id), false, 'Beta SOC'],
          [String(alpha.id), true, 'Alpha CERT'],
        ])
        expect(view.SharingGroupServer).toEqual([])
      })

      it('refuses a plain user, a taken name and an unknown member organisation', async () => {
        expect((await failure(groups().add(alpha.user.actor, { name: 'Mine' }))).code).toBe('SLC_FORBIDDEN')
        const taken = await failure(groups().add(beta.orgAdmin.actor, { name: 'Alpha and Beta' }))
        expect(taken).toMatchObject({ code: 'SLC_VALIDATION', model: 'SharingGroup', field: 'name' })
        const blank = await failure(groups().add(beta.orgAdmin.actor, { name: '  ' }))
        expect(blank).toMatchObject({ code: 'SLC_VALIDATION', field: 'name' })
        const unknown = await failure(
          groups().add(beta.orgAdmin.actor, { name: 'Beta and ghosts', SharingGroupOrg: [{ org_id: 9999 }] }),
        )
        expect(unknown).toMatchObject({ code: 'SLC_VALIDATION', model: 'SharingGroupOrg', field: 'org_id' })
        expect((await groups().index(admin)).map((entry) => entry.SharingGroup.name)).toEqual(['Alpha and Beta'])
      })

      it('lists the groups a user may read, with what each may do to them', async () => {
        expect(await groups().index(gamma.user.actor)).toEqual([])
        const [forBeta] = await groups().index(beta.orgAdmin.actor)
        expect(forBeta).toMatchObject({ editable: false, deletable: false })
        expect(forBeta.SharingGroup.org_count).toBe('2')
        const [forOwner] = await groups().index(alpha.orgAdmin.actor)
        expect(forOwner).toMatchObject({ editable: true, deletable: true })
        const [forAlphaUser] = await groups().index(alpha.user.actor)
        expect(forAlphaUser).toMatchObject({ editable: false, deletable: false })
        expect(await groups().index(admin)).toHaveLength(1)
      })

      it('answers a group of others like an unknown one', async () => {
        const hidden = await failure(groups().view(gamma.user.actor, groupId))
        const unknown = await failure(groups().view(gamma.user.actor, '9999'))
        expect(hidden.code).toBe('SLC_NOT_FOUND')
        expect(hidden.message).toBe(unknown.message)
        expect((await groups().view(admin, groupId)).SharingGroup.name).toBe('Alpha and Beta')
      })

      it('edits as the owner’s org admin and refuses a member without extend', async () => {
        const edited = await groups().edit(alpha.orgAdmin.actor, groupId, {
          SharingGroup: { name: 'Alpha, Beta', active: false },
        })
        expect(edited.SharingGroup).toMatchObject({
          name: 'Alpha, Beta',
          active: false,
          releasability: 'Alpha and Beta only',
        })
        expect((await failure(groups().edit(beta.orgAdmin.actor, groupId, { name: 'Beta’s' }))).code).toBe(
          'SLC_FORBIDDEN',
        )
        expect((await failure(groups().edit(gamma.orgAdmin.actor, groupId, { name: 'x' }))).code).toBe('SLC_NOT_FOUND')
      })

      it('adds and removes organisations; a member with extend may too', async () => {
        await groups().addOrg(alpha.orgAdmin.actor, groupId, String(gamma.id), true)
        expect((await groups().index(gamma.user.actor)).map((entry) => entry.SharingGroup.id)).toEqual([groupId])
        expect((await failure(groups().addOrg(alpha.orgAdmin.actor, groupId, gamma.uuid, false))).field).toBe('org_id')
        // Gamma joined with extend: its org admin may change the members, not delete the group.
        await groups().removeOrg(gamma.orgAdmin.actor, groupId, beta.uuid)
        expect(await groups().index(beta.user.actor)).toEqual([])
        expect((await failure(groups().removeOrg(alpha.orgAdmin.actor, groupId, beta.uuid))).field).toBe('org_id')
        expect((await failure(groups().addOrg(alpha.orgAdmin.actor, groupId, '9999', false))).code).toBe(
          'SLC_NOT_FOUND',
        )
        expect((await failure(groups().delete(gamma.orgAdmin.actor, groupId))).code).toBe('SLC_FORBIDDEN')
        expect((await failure(groups().addOrg(alpha.user.actor, groupId, String(beta.id), false))).code).toBe(
          'SLC_FORBIDDEN',
        )
      })

      it('deletes an unused group, and refuses one that records use, saying which', async () => {
        const event = await platform.events.add(alpha.user.actor, {
          Event: { info: 'Shared case', distribution: 4, sharing_group_id: groupId },
        })
        const refused = await failure(groups().delete(alpha.orgAdmin.actor, groupId))
        expect(refused).toMatchObject({ code: 'SLC_VALIDATION', model: 'SharingGroup', field: 'id' })
        expect(refused.message).toContain('events')
        expect((await groups().view(admin, groupId)).SharingGroup.name).toBe('Alpha and Beta')
        // Leaving distribution 4 clears the event's group (MISP resets it); then the group can go.
        await platform.events.edit(alpha.user.actor, event.Event.id, { Event: { distribution: 1 } })
        expect((await findEvent(store.db, Number(event.Event.id)))!.sharing_group_id).toBe(0)
        expect(await groups().delete(alpha.orgAdmin.actor, groupId)).toBe(groupId)
        expect(await groups().index(admin)).toEqual([])
      })
    })

    describe('distribution 4', () => {
      let eventId: string

      beforeEach(async () => {
        const added = await platform.events.add(alpha.user.actor, {
          Event: {
            info: 'Shared case',
            distribution: 4,
            sharing_group_id: groupId,
            Attribute: [
              { type: 'ip-dst', value: '198.51.100.7', distribution: 4, sharing_group_id: groupId },
              { type: 'domain', value: 'example.org' },
            ],
          },
        })
        eventId = added.Event.id
      })

      it('stores the group and shows it in the event view as fetchEvent does', async () => {
        const row = (await findEvent(store.db, Number(eventId)))!
        expect([row.distribution, row.sharing_group_id]).toEqual([4, Number(groupId)])
        const view = await platform.events.view(beta.user.actor, eventId)
        expect(view.Event.sharing_group_id).toBe(groupId)
        expect(view.Event.SharingGroup).toMatchObject({
          id: groupId,
          name: 'Alpha and Beta',
          releasability: 'Alpha and Beta only',
          description: 'Joint cases',
          Organisation: { name: 'Alpha CERT' },
        })
        expect(view.Event.SharingGroup.SharingGroupOrg).toHaveLength(2)
        const [shared, inherited] = view.Event.Attribute
        expect(shared.SharingGroup.name).toBe('Alpha and Beta')
        expect(inherited.SharingGroup).toBeUndefined()
      })

      it('puts SharingGroup beside Event in the full fetch, as MISP’s fetchEvent does', async () => {
        const raw = (await fetchFullEvent(store.db, Number(eventId)))!
        expect(raw.SharingGroup.name).toBe('Alpha and Beta')
        expect(raw.Attribute[0].SharingGroup.id).toBe(groupId)
        const plain = await platform.events.add(admin, { Event: { info: 'Community', distribution: 1 } })
        expect((await fetchFullEvent(store.db, Number(plain.Event.id)))!.SharingGroup).toBeUndefined()
      })

      it('is visible to member organisations and hidden from others, in views and the index', async () => {
        expect((await platform.events.view(beta.user.actor, eventId)).Event.info).toBe('Shared case')
        const hidden = await failure(platform.events.view(gamma.user.actor, eventId))
        expect(hidden).toMatchObject({ code: 'SLC_NOT_FOUND', message: 'Invalid event.' })
        const ids = async (actor: Actor) =>
          (await platform.events.index(actor)).map((event) => event.id ?? event.Event?.id)
        expect(await ids(beta.user.actor)).toContain(eventId)
        expect(await ids(gamma.user.actor)).not.toContain(eventId)
        await groups().addOrg(alpha.orgAdmin.actor, groupId, String(gamma.id), false)
        expect((await platform.events.view(gamma.user.actor, eventId)).Event.info).toBe('Shared case')
        expect(await ids(gamma.user.actor)).toContain(eventId)
      })

      it('lets a member see but not change the event (403, not 404)', async () => {
        const edit = await failure(platform.events.edit(beta.user.actor, eventId, { Event: { info: 'Mine now' } }))
        expect(edit.code).toBe('SLC_FORBIDDEN')
        const attribute = await failure(
          platform.attributes.add(beta.user.actor, eventId, { type: 'domain', value: 'beta.example' }),
        )
        expect(attribute.code).toBe('SLC_FORBIDDEN')
        const { Event } = await platform.events.view(beta.user.actor, eventId)
        await platform.tags.add(admin, { name: 'tlp:amber' })
        const tag = await failure(
          platform.tags.attach(beta.user.actor, { uuid: Event.uuid, tag: 'tlp:amber', local: false }),
        )
        expect(tag.code).toBe('SLC_FORBIDDEN')
      })

      it.each([
        ['without a group', {}],
        ['with an unknown group', { sharing_group_id: 9999 }],
        ['with a malformed group id', { sharing_group_id: 'abc' }],
      ])('refuses an event %s naming Event.sharing_group_id, saving nothing', async (_case, group) => {
        const before = await eventCount()
        const error = await failure(
          platform.events.add(alpha.user.actor, { Event: { info: 'Bad', distribution: 4, ...group } }),
        )
        expect(error).toMatchObject({ code: 'SLC_VALIDATION', model: 'Event', field: 'sharing_group_id' })
        expect(await eventCount()).toBe(before)
      })

      it('refuses a group the user cannot see, naming the field, saving nothing', async () => {
        const before = await eventCount()
        const error = await failure(
          platform.events.add(gamma.user.actor, {
            Event: { info: 'Borrowed', distribution: 4, sharing_group_id: groupId },
          }),
        )
        expect(error).toMatchObject({ code: 'SLC_VALIDATION', model: 'Event', field: 'sharing_group_id' })
        expect(await eventCount()).toBe(before)
        const nested = await failure(
          platform.events.add(gamma.user.actor, {
            Event: {
              info: 'Borrowed attribute',
              distribution: 0,
              Attribute: [{ type: 'domain', value: 'x.example', distribution: 4, sharing_group_id: groupId }],
            },
          }),
        )
        expect(nested).toMatchObject({ code: 'SLC_VALIDATION', model: 'Attribute', field: 'sharing_group_id' })
        expect(await eventCount()).toBe(before)
      })

      it('checks attributes, objects and reports the same way, saving nothing', async () => {
        const attributesBefore = (await platform.events.view(admin, eventId)).Event.Attribute.length
        const attribute = await failure(
          platform.attributes.add(alpha.user.actor, eventId, { type: 'domain', value: 'a.example', distribution: 4 }),
        )
        expect(attribute).toMatchObject({ model: 'Attribute', field: 'sharing_group_id' })
        const object = await failure(
          platform.objects.add(alpha.user.actor, eventId, {
            Object: {
              name: 'domain-ip',
              'meta-category': 'network',
              distribution: 4,
              sharing_group_id: 9999,
              Attribute: [{ type: 'domain', object_relation: 'domain', value: 'o.example' }],
            },
          }),
        )
        expect(object).toMatchObject({ model: 'Object', field: 'sharing_group_id' })
        const report = await failure(
          platform.eventReports.add(alpha.user.actor, eventId, { name: 'Notes', distribution: 4 }),
        )
        expect(report).toMatchObject({ model: 'EventReport', field: 'sharing_group_id' })
        const view = await platform.events.view(admin, eventId)
        expect(view.Event.Attribute).toHaveLength(attributesBefore)
        expect(view.Event.Object).toEqual([])
        expect(view.Event.EventReport).toEqual([])
      })

      it('saves attributes, objects and reports with a group they may use', async () => {
        const attribute = await platform.attributes.add(alpha.user.actor, eventId, {
          type: 'domain',
          value: 'a.example',
          distribution: 4,
          sharing_group_id: groupId,
        })
        expect(attribute.Attribute).toMatchObject({ distribution: '4', sharing_group_id: groupId })
        const object = await platform.objects.add(alpha.user.actor, eventId, {
          Object: {
            name: 'domain-ip',
            'meta-category': 'network',
            distribution: 4,
            sharing_group_id: groupId,
            Attribute: [{ type: 'domain', object_relation: 'domain', value: 'o.example' }],
          },
        })
        expect(object.Object).toMatchObject({ distribution: '4', sharing_group_id: groupId })
        const report = await platform.eventReports.add(alpha.user.actor, eventId, {
          name: 'Notes',
          distribution: 4,
          sharing_group_id: groupId,
        })
        expect(report.EventReport).toMatchObject({ distribution: '4', sharing_group_id: groupId })
        const view = await platform.events.view(beta.user.actor, eventId)
        expect(view.Event.Object[0].SharingGroup.name).toBe('Alpha and Beta')
      })

      it('moves an attribute to the group and back on edit, clearing it when leaving distribution 4', async () => {
        const [, plain] = (await platform.events.view(admin, eventId)).Event.Attribute
        const missing = await failure(platform.attributes.edit(alpha.user.actor, plain.id, { distribution: 4 }))
        expect(missing).toMatchObject({ model: 'Attribute', field: 'sharing_group_id' })
        const moved = await platform.attributes.edit(alpha.user.actor, plain.id, {
          distribution: 4,
          sharing_group_id: groupId,
        })
        expect(moved.Attribute).toMatchObject({ distribution: '4', sharing_group_id: groupId })
        const back = await platform.attributes.edit(alpha.user.actor, plain.id, { distribution: 5 })
        expect(back.Attribute).toMatchObject({ distribution: '5', sharing_group_id: '0' })
      })
    })

    describe('rows of a community event', () => {
      it('shows another organisation only the attributes, objects and reports shared with it', async () => {
        const added = await platform.events.add(alpha.user.actor, {
          Event: {
            info: 'Community case',
            distribution: 1,
            Attribute: [
              { type: 'domain', value: 'own.example', distribution: 0 },
              { type: 'domain', value: 'group.example', distribution: 4, sharing_group_id: groupId },
              { type: 'domain', value: 'inherit.example' },
            ],
          },
        })
        const eventId = added.Event.id
        await platform.objects.add(alpha.user.actor, eventId, {
          Object: {
            name: 'domain-ip',
            'meta-category': 'network',
            distribution: 4,
            sharing_group_id: groupId,
            Attribute: [{ type: 'domain', object_relation: 'domain', value: 'object.example' }],
          },
        })
        await platform.eventReports.add(alpha.user.actor, eventId, { name: 'Internal notes', distribution: 0 })
        const seen = async (actor: Actor) => {
          const { Event } = await platform.events.view(actor, eventId)
          return {
            attributes: Event.Attribute.map((attribute: any) => attribute.value),
            objects: Event.Object.length,
            reports: Event.EventReport.length,
          }
        }
        const everything = {
          attributes: ['own.example', 'group.example', 'inherit.example'],
          objects: 1,
          reports: 1,
        }
        expect(await seen(alpha.user.actor)).toEqual(everything)
        expect(await seen(admin)).toEqual(everything)
        expect(await seen(beta.user.actor)).toEqual({
          attributes: ['group.example', 'inherit.example'],
          objects: 1,
          reports: 0,
        })
        expect(await seen(gamma.user.actor)).toEqual({ attributes: ['inherit.example'], objects: 0, reports: 0 })
      })
    })

    describe('the sharing-group pickers of the distribution modules', () => {
      it('offers every group as {id: name}', async () => {
        const other = await groups().add(admin, { name: 'Admins only' })
        const registry = createBuiltinRegistry()
        for (const [kind, id] of [
          ['action', 'Module_event_distribution_operation'],
          ['logic', 'distribution-if'],
        ] as const) {
          const filled = await withHostOptions(store.db, registry.module(kind, id)!.descriptor)
          const picker = filled.params.find((param) => param.id === 'sharing_group_id') as any
          expect(picker.options).toEqual({
            [groupId]: 'Alpha and Beta',
            [other.SharingGroup.id as string]: 'Admins only',
          })
          expect(picker.display_on).toEqual({ distribution: '4' })
        }
      })
    })
  })
}
