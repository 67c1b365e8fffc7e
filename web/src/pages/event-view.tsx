/**
 * One event (issue #6): its facts, tags, attributes and objects; add an attribute, attach or
 * detach a tag (on the event or one of its attributes), publish and unpublish. Every change goes
 * through MISP's endpoints, so it fires the same triggers as a MISP client would, and a blocking
 * workflow's veto shows as the server's message in an alert.
 */
import { type FormEvent, useState } from 'react'
import { DESCRIBE_TYPES } from '../../../src/format/describe-types-data.ts'
import {
  addAttribute,
  attachTag,
  detachTag,
  type MispRecord,
  publishEvent,
  unpublishEvent,
  viewEvent,
} from '../api/events.ts'
import { ErrorAlert, formatTime, Notice, PageHeader, YesNo, Field, PagePending } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { TagPicker } from './tag-picker.tsx'

const DISTRIBUTIONS = [
  'Your organisation only',
  'This community only',
  'Connected communities',
  'All communities',
  'Sharing group',
  'Inherit event',
]

/** The outcome of the last action on the page. */
type Outcome = { kind: 'ok'; message: string } | { kind: 'error'; error: unknown } | null

/** `#/events/<id>`. */
export function EventPage({ eventId }: { eventId: string }) {
  const event = useLoad(() => viewEvent(eventId), [eventId])
  const [outcome, setOutcome] = useState<Outcome>(null)
  const act = async (run: () => Promise<{ message?: string } | unknown>, fallback: string) => {
    setOutcome(null)
    try {
      const answer = (await run()) as { message?: string } | undefined
      setOutcome({ kind: 'ok', message: answer?.message || fallback })
    } catch (error) {
      setOutcome({ kind: 'error', error })
    }
    event.reload()
  }

  if (!event.data) {
    return <PagePending title={`Event ${eventId}`} load={event} />
  }
  const data = event.data
  const isPublished = data.published === true || data.published === 1 || data.published === '1'
  return (
    <section>
      <PageHeader title={`Event ${data.id}: ${data.info}`} />
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => act(() => publishEvent(data.id), 'Event published.')}>
          Publish
        </button>
        <button
          type="button"
          disabled={!isPublished}
          onClick={() => act(() => unpublishEvent(data.id), 'Event unpublished.')}
        >
          Unpublish
        </button>
        <a href="#/events">Back to the events</a>
      </div>
      {outcome?.kind === 'error' ? <ErrorAlert error={outcome.error} /> : null}
      {outcome?.kind === 'ok' ? <Notice>{outcome.message}</Notice> : null}
      <dl className="facts" aria-label="Event details">
        <dt>ID</dt>
        <dd>{data.id}</dd>
        <dt>UUID</dt>
        <dd>
          <code>{data.uuid}</code>
        </dd>
        <dt>Creator organisation</dt>
        <dd>{data.Orgc?.name ?? ''}</dd>
        <dt>Date</dt>
        <dd>{data.date}</dd>
        <dt>Distribution</dt>
        <dd>{DISTRIBUTIONS[Number(data.distribution)] ?? data.distribution}</dd>
        <dt>Published</dt>
        <dd>
          <YesNo value={data.published} />
        </dd>
        <dt>Last change</dt>
        <dd>{formatTime(data.timestamp)}</dd>
      </dl>
      <TagsSection event={data} onAct={act} />
      <AttributesSection event={data} onAct={act} />
      <ObjectsSection event={data} />
    </section>
  )
}

type Act = (run: () => Promise<unknown>, fallback: string) => Promise<void>

function tagNames(record: MispRecord): string[] {
  const tags = (record.Tag ?? record.EventTag?.map((link: MispRecord) => link.Tag) ?? []) as MispRecord[]
  return tags.map((tag) => String(tag?.name ?? '')).filter((name) => name !== '')
}

function TagsSection({ event, onAct }: { event: MispRecord; onAct: Act }) {
  const [tag, setTag] = useState('')
  const [target, setTarget] = useState<string>(event.uuid)
  const [isLocal, setLocal] = useState(false)
  const attributes = (event.Attribute ?? []) as MispRecord[]
  const submit = (formEvent: FormEvent) => {
    formEvent.preventDefault()
    onAct(() => attachTag(target, tag.trim(), isLocal), 'Tag attached.').then(() => setTag(''))
  }
  return (
    <>
      <h2 id="event-tags">Tags</h2>
      <ul aria-labelledby="event-tags" className="tags">
        {tagNames(event).length === 0 ? <li className="muted">No tags on the event.</li> : null}
        {tagNames(event).map((name) => (
          <li key={name}>
            <span className="tag">{name}</span>{' '}
            <button
              type="button"
              aria-label={`Remove tag ${name}`}
              onClick={() => onAct(() => detachTag(event.uuid, name), 'Tag removed.')}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form className="row" onSubmit={submit} aria-label="Add a tag">
        <TagPicker label="Tag" value={tag} onChange={setTag} />
        <Field label="Attach to">
          {(id) => (
            <select id={id} value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value={event.uuid}>The event</option>
              {attributes.map((attribute) => (
                <option key={attribute.uuid} value={attribute.uuid}>
                  Attribute {attribute.id}: {attribute.type} {attribute.value}
                </option>
              ))}
            </select>
          )}
        </Field>
        <label className="field inline">
          <input type="checkbox" checked={isLocal} onChange={(e) => setLocal(e.target.checked)} /> Local tag
        </label>
        <button type="submit">Add tag</button>
      </form>
    </>
  )
}

function AttributesSection({ event, onAct }: { event: MispRecord; onAct: Act }) {
  const attributes = (event.Attribute ?? []) as MispRecord[]
  return (
    <>
      <h2>Attributes</h2>
      <table aria-label="Attributes">
        <thead>
          <tr>
            <th scope="col">ID</th>
            <th scope="col">Category</th>
            <th scope="col">Type</th>
            <th scope="col">Value</th>
            <th scope="col">Tags</th>
            <th scope="col">IDS</th>
            <th scope="col">Comment</th>
          </tr>
        </thead>
        <tbody>
          {attributes.length === 0 ? (
            <tr>
              <td colSpan={7}>No attributes.</td>
            </tr>
          ) : null}
          {attributes.map((attribute) => (
            <tr key={attribute.id}>
              <td>{attribute.id}</td>
              <td>{attribute.category}</td>
              <td>{attribute.type}</td>
              <td>
                <code>{attribute.value}</code>
              </td>
              <td>
                {tagNames(attribute).map((name) => (
                  <span key={name} className="tag">
                    {name}
                  </span>
                ))}
              </td>
              <td>
                <YesNo value={attribute.to_ids} />
              </td>
              <td>{attribute.comment}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <AddAttributeForm eventId={String(event.id)} onAct={onAct} />
    </>
  )
}

function AddAttributeForm({ eventId, onAct }: { eventId: string; onAct: Act }) {
  const [type, setType] = useState('ip-src')
  const [category, setCategory] = useState('')
  const [value, setValue] = useState('')
  const [comment, setComment] = useState('')
  const categories = DESCRIBE_TYPES.type_category_mappings[type] ?? []
  const submit = (formEvent: FormEvent) => {
    formEvent.preventDefault()
    const attribute = { type, value, comment, ...(category ? { category } : {}) }
    onAct(() => addAttribute(eventId, attribute), 'Attribute added.').then(() => setValue(''))
  }
  return (
    <form className="row" onSubmit={submit} aria-label="Add an attribute">
      <Field label="Type">
        {(id) => (
          <select
            id={id}
            value={type}
            onChange={(e) => {
              setType(e.target.value)
              setCategory('')
            }}
          >
            {DESCRIBE_TYPES.types.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Category">
        {(id) => (
          <select id={id} value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">Default ({DESCRIBE_TYPES.sane_defaults[type]?.default_category ?? '—'})</option>
            {categories.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        )}
      </Field>
      <label className="field">
        Value
        <input value={value} onChange={(e) => setValue(e.target.value)} required size={30} />
      </label>
      <label className="field">
        Comment
        <input value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      <button type="submit">Add attribute</button>
    </form>
  )
}

function ObjectsSection({ event }: { event: MispRecord }) {
  const objects = (event.Object ?? []) as MispRecord[]
  return (
    <>
      <h2>Objects</h2>
      {objects.length === 0 ? <p className="muted">No objects.</p> : null}
      {objects.map((object) => (
        <table key={object.id} aria-label={`Object ${object.name} ${object.id}`}>
          <caption>
            {object.name} ({object['meta-category']}) #{object.id}
          </caption>
          <tbody>
            {((object.Attribute ?? []) as MispRecord[]).map((attribute) => (
              <tr key={attribute.id}>
                <td>{attribute.object_relation}</td>
                <td>{attribute.type}</td>
                <td>
                  <code>{attribute.value}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </>
  )
}
