/**
 * Sightings, proposals (shadow attributes) and event reports through the platform (issue #3;
 * spec/ENGINE.md §2.10, §4.1.1; CORE-FORMAT.md §6): each save fires its trigger once with
 * MISP's raw shape, a vetoing `shadow-attribute-before-save` writes nothing and logs MISP's
 * row, and bad input names its field and writes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hasErrorCode } from '../src/errors.ts'
import type { Actor, LocalPlatform } from '../src/platform/index.ts'
import type { Store } from '../src/store/index.ts'
import { testDatabases } from './harness/databases.ts'
import { openRecordingPlatform, type RecordingPlatform } from './harness/test-platform.ts'
import { installRecorder, installVeto } from './harness/trigger-recorder.ts'

const TRIGGERS = [
  'sighting-after-save',
  'shadow-attribute-before-save',
  'shadow-attribute-after-save',
  'event-report-after-save',
  'attribute-after-save',
]
const BLOCKED = 'The workflow `shadow-attribute-before-save` prevented the saving of this proposal.'

async function tableRows(store: Store) {
  const rows = async (table: 'sightings' | 'shadow_attributes' | 'event_reports' | 'attributes') =>
    store.db.selectFrom(table).selectAll().orderBy('id').execute()
  return {
    sightings: await rows('sightings'),
    proposals: await rows('shadow_attributes'),
    reports: await rows('event_reports'),
    attributes: await rows('attributes'),
  }
}

async function failure(promise: Promise<unknown>) {
  return promise.then(
    () => null,
    (caught) => caught,
  )
}

for (const db of testDatabases()) {
  describe(`${db.name}: sightings, proposals and event reports`, () => {
    let env: RecordingPlatform
    let store: Store
    let platform: LocalPlatform
    let admin: Actor
    let event: any

    const fired = (triggerId: string) => env.records.filter((record) => record.triggerId === triggerId)

    beforeEach(async () => {
      env = await openRecordingPlatform(db, TRIGGERS)
      ;({ store, platform, admin } = env)
      event = (
        await platform.events.add(admin, {
          Event: { info: 'Proposals', Attribute: [{ type: 'ip-dst', value: '198.51.100.20' }] },
        })
      ).Event
    })
    afterEach(() => env.close())

    describe('sightings.add', () => {
      it('sighting-after-save: once, with getSighting’s shape; normalised without the sighting (MISP quirk)', async () => {
        await installRecorder(platform, 'sighting-after-save')
        const attribute = event.Attribute[0]
        const { Sighting: sighting } = await platform.sightings.add(admin, { value: '198.51.100.20', source: ' ids ' })
        await platform.drain()
        expect(sighting).toMatchObject({ attribute_id: attribute.id, event_id: event.id, type: '0', source: 'ids' })
        expect(fired('sighting-after-save')).toHaveLength(1)
        const { raw, normalised } = fired('sighting-after-save')[0]
        expect(Object.keys(raw.Sighting)).toEqual([
          'id',
          'attribute_id',
          'event_id',
          'org_id',
          'date_sighting',
          'uuid',
          'source',
          'type',
          'Event',
          'Attribute',
        ])
        expect(Object.keys(raw.Sighting.Event)).toEqual(['id', 'uuid', 'orgc_id', 'org_id', 'info', 'Orgc'])
        expect(Object.keys(raw.Sighting.Event.Orgc)).toEqual(['name'])
        expect(raw.Sighting.Attribute).toEqual({
          value: '198.51.100.20',
          id: attribute.id,
          uuid: attribute.uuid,
          type: 'ip-dst',
          category: 'Network activity',
          to_ids: true,
        })
        expect(normalised.Event.Attribute.map((a: any) => a.id)).toEqual([attribute.id])
        expect(normalised.Event.Attribute[0].Sighting).toBeUndefined()
        expect(JSON.stringify(normalised)).not.toContain(sighting.uuid)
      })

      it('sights by attribute id or uuid, keeps the type and time, and shows the sighting in the event', async () => {
        const attribute = event.Attribute[0]
        await platform.sightings.add(admin, { id: attribute.id, type: '1', timestamp: 1700000000 })
        const { Sighting: second } = await platform.sightings.add(admin, {}, attribute.uuid)
        expect(second.attribute_id).toBe(attribute.id)
        const view = (await platform.events.view(admin, event.id)).Event
        expect(view.Attribute[0].Sighting.map((s: any) => [s.type, s.attribute_uuid])).toEqual([
          ['1', attribute.uuid],
          ['0', attribute.uuid],
        ])
        expect(view.Attribute[0].Sighting[0].date_sighting).toBe('1700000000')
      })

      it('rejects bad sightings and writes nothing', async () => {
        const before = await tableRows(store)
        expect((await failure(platform.sightings.add(admin, {}))).field).toBe('value')
        expect((await failure(platform.sightings.add(admin, { value: '198.51.100.20', type: 7 }))).field).toBe('type')
        expect(
          hasErrorCode(await failure(platform.sightings.add(admin, { value: '203.0.113.99' })), 'SLC_NOT_FOUND'),
        ).toBe(true)
        expect(hasErrorCode(await failure(platform.sightings.add(admin, { id: '999999' })), 'SLC_NOT_FOUND')).toBe(true)
        expect(await tableRows(store)).toEqual(before)
      })
    })

    describe('shadowAttributes', () => {
      it('add: before-save and after-save once each; a new-attribute proposal lands in Event.ShadowAttribute', async () => {
        await installRecorder(platform, 'shadow-attribute-before-save')
        await installRecorder(platform, 'shadow-attribute-after-save')
        const { ShadowAttribute: proposal } = await platform.shadowAttributes.add(admin, event.id, {
          ShadowAttribute: { type: 'ip-src|port', value: '192.0.2.1|8080', comment: 'seen' },
        })
        await platform.drain()
        expect(proposal).toMatchObject({
          old_id: '0',
          event_id: event.id,
          value1: '192.0.2.1',
          value2: '8080',
          deleted: false,
        })
        const [before] = fired('shadow-attribute-before-save')
        expect(fired('shadow-attribute-before-save')).toHaveLength(1)
        expect(before.raw.ShadowAttribute).toMatchObject({ value1: '192.0.2.1', value2: '8080', event_id: event.id })
        expect(before.raw.ShadowAttribute.id).toBeUndefined()
        expect(before.raw.ShadowAttribute.old_id).toBeUndefined()
        expect(before.normalised.Event.ShadowAttribute[0].value).toBe('192.0.2.1|8080')
        const [after] = fired('shadow-attribute-after-save')
        expect(fired('shadow-attribute-after-save')).toHaveLength(1)
        expect(after.raw.ShadowAttribute).toMatchObject({ id: proposal.id, old_id: '0', uuid: proposal.uuid })
        expect(after.normalised.Event.ShadowAttribute[0].id).toBe(proposal.id)
        const view = (await platform.events.view(admin, event.id)).Event
        expect(view.ShadowAttribute.map((p: any) => [p.id, p.Org.id])).toEqual([[proposal.id, String(admin.orgId)]])
      })

      it('edit: a proposal to change an attribute normalises to attribute scope, the proposal under it', async () => {
        await installRecorder(platform, 'shadow-attribute-after-save')
        const attribute = event.Attribute[0]
        const { ShadowAttribute: proposal } = await platform.shadowAttributes.edit(admin, attribute.id, {
          value: '198.51.100.21',
        })
        await platform.drain()
        expect(proposal).toMatchObject({
          old_id: attribute.id,
          uuid: attribute.uuid,
          type: 'ip-dst',
          value: '198.51.100.21',
        })
        const { normalised } = fired('shadow-attribute-after-save')[0]
        expect(normalised.Event._AttributeFlattened[0].ShadowAttribute[0].value).toBe('198.51.100.21')
        const view = (await platform.events.view(admin, event.id)).Event
        expect(view.Attribute[0].ShadowAttribute.map((p: any) => p.id)).toEqual([proposal.id])
      })

      it('accept: applies the change, fires before-save (deleted) and attribute-after-save, not after-save', async () => {
        const attribute = event.Attribute[0]
        const { ShadowAttribute: proposal } = await platform.shadowAttributes.edit(admin, attribute.id, {
          value: '198.51.100.22',
        })
        await installRecorder(platform, 'shadow-attribute-before-save')
        await installRecorder(platform, 'shadow-attribute-after-save')
        await installRecorder(platform, 'attribute-after-save')
        const answer = await platform.shadowAttributes.accept(admin, proposal.id)
        await platform.drain()
        expect(answer).toEqual({
          name: 'Proposed change accepted.',
          message: 'Proposed change accepted.',
          url: `/shadow_attributes/accept/${proposal.id}`,
        })
        expect(fired('shadow-attribute-before-save').map((r) => r.raw.ShadowAttribute.deleted)).toEqual([true])
        expect(fired('shadow-attribute-after-save')).toEqual([])
        expect(fired('attribute-after-save').map((r) => r.raw.Attribute.value)).toEqual(['198.51.100.22'])
        const view = (await platform.events.view(admin, event.id)).Event
        expect(view.Attribute[0].value).toBe('198.51.100.22')
        expect(view.Attribute[0].ShadowAttribute).toEqual([])
      })

      it('accept of a new-attribute proposal adds the attribute; discard closes a proposal', async () => {
        const { ShadowAttribute: fresh } = await platform.shadowAttributes.add(admin, event.id, {
          type: 'domain',
          value: 'example.org',
        })
        expect((await platform.shadowAttributes.accept(admin, fresh.id)).message).toBe('Proposal accepted.')
        const { ShadowAttribute: other } = await platform.shadowAttributes.add(admin, event.id, {
          type: 'domain',
          value: 'example.net',
        })
        expect(await platform.shadowAttributes.discard(admin, other.id)).toEqual({
          name: 'Proposal discarded.',
          message: 'Proposal discarded.',
          url: `/shadow_attributes/discard/${other.id}`,
        })
        const view = (await platform.events.view(admin, event.id)).Event
        expect(view.Attribute.map((a: any) => a.value)).toEqual(['198.51.100.20', 'example.org'])
        expect(view.Attribute[1]).toMatchObject({ uuid: fresh.uuid, distribution: '5' })
        expect(view.ShadowAttribute).toEqual([])
        expect(hasErrorCode(await failure(platform.shadowAttributes.discard(admin, other.id)), 'SLC_NOT_FOUND')).toBe(
          true,
        )
      })

      it('a vetoing shadow-attribute-before-save writes nothing, logs MISP’s row and answers SLC_BLOCKED_BY_WORKFLOW', async () => {
        const { ShadowAttribute: open } = await platform.shadowAttributes.add(admin, event.id, {
          type: 'domain',
          value: 'example.com',
        })
        await installVeto(platform, 'shadow-attribute-before-save', 'No proposals today')
        const before = await tableRows(store)
        const attempts = [
          () => platform.shadowAttributes.add(admin, event.id, { type: 'domain', value: 'blocked.example' }),
          () => platform.shadowAttributes.edit(admin, event.Attribute[0].id, { comment: 'blocked' }),
          () => platform.shadowAttributes.accept(admin, open.id),
          () => platform.shadowAttributes.discard(admin, open.id),
        ]
        for (const attempt of attempts) {
          const error = await failure(attempt())
          expect(hasErrorCode(error, 'SLC_BLOCKED_BY_WORKFLOW')).toBe(true)
          expect(error.message).toBe(BLOCKED)
          expect(error.errors[0]).toMatch(/returned the following error: No proposals today$/)
        }
        await platform.drain()
        expect(await tableRows(store)).toEqual(before)
        const logs = await platform.logs.index(admin, { model: 'ShadowAttribute' })
        expect(logs.filter((row: any) => row.Log.title === BLOCKED)).toHaveLength(4)
        expect(logs[0].Log).toMatchObject({ action: 'add', email: 'SYSTEM', model_id: open.id })
        expect(logs[3].Log).toMatchObject({ model_id: '0' })
      })

      it('rejects bad proposals, naming the field, and writes nothing', async () => {
        const before = await tableRows(store)
        const cases: Array<[() => Promise<unknown>, string, string?]> = [
          [() => platform.shadowAttributes.add(admin, event.id, { value: 'x' }), 'SLC_VALIDATION', 'type'],
          [
            () => platform.shadowAttributes.add(admin, event.id, { type: 'no-such-type', value: 'x' }),
            'SLC_VALIDATION',
            'type',
          ],
          [
            () => platform.shadowAttributes.add(admin, event.id, { type: 'ip-src', value: 'nope' }),
            'SLC_VALIDATION',
            'value',
          ],
          [
            () => platform.shadowAttributes.add(admin, '999999', { type: 'domain', value: 'example.com' }),
            'SLC_NOT_FOUND',
          ],
          [() => platform.shadowAttributes.edit(admin, event.Attribute[0].id, {}), 'SLC_VALIDATION', 'value'],
          [() => platform.shadowAttributes.edit(admin, '999999', { value: '192.0.2.1' }), 'SLC_NOT_FOUND'],
          [() => platform.shadowAttributes.accept(admin, '999999'), 'SLC_NOT_FOUND'],
        ]
        for (const [attempt, code, field] of cases) {
          const error = await failure(attempt())
          expect(hasErrorCode(error, code as never), String(error)).toBe(true)
          if (field) expect(error.field).toBe(field)
          if (field) expect(error.model).toBe('ShadowAttribute')
        }
        expect(await tableRows(store)).toEqual(before)
      })
    })

    describe('eventReports', () => {
      it('event-report-after-save: once per save with {EventReport}; normalised into Event.EventReport', async () => {
        await installRecorder(platform, 'event-report-after-save')
        const { EventReport: report } = await platform.eventReports.add(admin, event.id, {
          EventReport: { name: 'Initial analysis', content: '# Summary' },
        })
        const { EventReport: edited } = await platform.eventReports.edit(admin, report.uuid, { content: '# Updated' })
        await platform.drain()
        expect(report).toMatchObject({
          event_id: event.id,
          name: 'Initial analysis',
          distribution: '5',
          deleted: false,
        })
        expect(edited.content).toBe('# Updated')
        const saves = fired('event-report-after-save')
        expect(saves).toHaveLength(2)
        expect(Object.keys(saves[0].raw)).toEqual(['EventReport'])
        expect(Object.keys(saves[0].raw.EventReport)).toEqual([
          'id',
          'uuid',
          'event_id',
          'name',
          'content',
          'distribution',
          'sharing_group_id',
          'timestamp',
          'deleted',
        ])
        expect(saves[1].raw.EventReport.content).toBe('# Updated')
        expect(saves[0].normalised.Event.EventReport[0].name).toBe('Initial analysis')
        expect(saves[0].normalised.Event.id).toBe(event.id)
        const view = (await platform.events.view(admin, event.id)).Event
        expect(view.EventReport.map((r: any) => r.content)).toEqual(['# Updated'])
        expect(view.published).toBe(false)
      })

      it('rejects bad reports, naming the field, and writes nothing', async () => {
        const before = await tableRows(store)
        const missing = await failure(platform.eventReports.add(admin, event.id, { content: 'no name' }))
        expect([missing.code, missing.model, missing.field]).toEqual(['SLC_VALIDATION', 'EventReport', 'name'])
        const distribution = await failure(platform.eventReports.add(admin, event.id, { name: 'x', distribution: 9 }))
        expect(distribution.field).toBe('distribution')
        expect(
          hasErrorCode(await failure(platform.eventReports.add(admin, '999999', { name: 'x' })), 'SLC_NOT_FOUND'),
        ).toBe(true)
        expect(
          hasErrorCode(await failure(platform.eventReports.edit(admin, '999999', { name: 'x' })), 'SLC_NOT_FOUND'),
        ).toBe(true)
        expect(await tableRows(store)).toEqual(before)
      })
    })
  })
}
