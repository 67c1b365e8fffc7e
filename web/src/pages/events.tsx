/**
 * Events list (issue #6): the events the user can see, filtered by published state, and a form
 * to create one (it fires the event triggers, like MISP's `/events/add`).
 */
import { type FormEvent, useState } from 'react'
import { addEvent, listEvents } from '../api/events.ts'
import { IndexTable } from '../app/index-table.tsx'
import { hrefOf, navigate } from '../app/router.ts'
import { FilterGroup } from './filters.tsx'
import { ErrorAlert, Loading, PageHeader, YesNo, Field } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'

const DISTRIBUTIONS = ['Your organisation only', 'This community only', 'Connected communities', 'All communities']
const PUBLISHED_FILTERS = [
  { label: 'All', value: undefined },
  { label: 'Published', value: true },
  { label: 'Unpublished', value: false },
] as const

/** `#/events`. */
export function EventsPage() {
  const [published, setPublished] = useState<boolean | undefined>(undefined)
  const events = useLoad(() => listEvents({ published }), [published])
  return (
    <section>
      <PageHeader title="Events">Create events, tag them and publish them: each step fires its triggers.</PageHeader>
      <AddEventForm />
      <div className="toolbar">
        <FilterGroup<boolean | undefined>
          label="Published"
          value={published}
          onChange={setPublished}
          choices={PUBLISHED_FILTERS.map((filter) => ({ label: filter.label, value: filter.value }))}
        />
      </div>
      <ErrorAlert error={events.error} />
      <Loading isLoading={events.isLoading && !events.data} />
      {events.data ? (
        <IndexTable
          label="Events"
          columns={['ID', 'Info', 'Organisation', 'Date', 'Attributes', 'Published']}
          isEmpty={events.data.length === 0}
          empty="No events."
        >
          {events.data.map((event) => (
            <tr key={event.id}>
              <td>{event.id}</td>
              <td>
                <a href={hrefOf({ page: 'event', eventId: String(event.id) })}>{event.info}</a>
              </td>
              <td>{event.Orgc?.name ?? event.Org?.name ?? ''}</td>
              <td>{event.date}</td>
              <td>{event.attribute_count ?? ''}</td>
              <td>
                <YesNo value={event.published} />
              </td>
            </tr>
          ))}
        </IndexTable>
      ) : null}
    </section>
  )
}

function AddEventForm() {
  const [info, setInfo] = useState('')
  const [distribution, setDistribution] = useState(0)
  const [error, setError] = useState<unknown>()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setError(undefined)
    try {
      const created = await addEvent({ info, distribution, threat_level_id: 4, analysis: 0 })
      navigate({ page: 'event', eventId: String(created.id) })
    } catch (caught) {
      setError(caught)
    }
  }
  return (
    <form className="row" onSubmit={submit} aria-label="New event">
      <label className="field">
        Event info
        <input value={info} onChange={(e) => setInfo(e.target.value)} required size={40} />
      </label>
      <Field label="Distribution">
        {(id) => (
          <select id={id} value={distribution} onChange={(e) => setDistribution(Number(e.target.value))}>
            {DISTRIBUTIONS.map((label, value) => (
              <option key={label} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" className="primary">
        Create event
      </button>
      <ErrorAlert error={error} />
    </form>
  )
}
