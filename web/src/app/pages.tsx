/** Which page component renders which route (router.ts); one switch, no registry. */
import { BlueprintPage } from '../pages/blueprint-view.tsx'
import { BlueprintsPage } from '../pages/blueprints.tsx'
import { EventPage } from '../pages/event-view.tsx'
import { EventsPage } from '../pages/events.tsx'
import { ModulePage } from '../pages/module-view.tsx'
import { ModulesPage } from '../pages/modules.tsx'
import { RunPage } from '../pages/run-view.tsx'
import { RunsPage } from '../pages/runs.tsx'
import { SettingsPage } from '../pages/settings.tsx'
import { TriggersPage } from '../pages/triggers.tsx'
import { WorkflowsPage } from '../pages/workflows.tsx'
import { EditorSlot } from './editor-slot.tsx'
import type { Route } from './router.ts'

/** The page for `route`. */
export function PageFor({ route }: { route: Route }) {
  switch (route.page) {
    case 'triggers':
      return <TriggersPage />
    case 'workflows':
      return <WorkflowsPage />
    case 'editor':
      return <EditorSlot triggerId={route.triggerId} />
    case 'modules':
      return <ModulesPage />
    case 'module':
      return <ModulePage moduleId={route.moduleId} />
    case 'blueprints':
      return <BlueprintsPage />
    case 'blueprint':
      return <BlueprintPage blueprintId={route.blueprintId} />
    case 'runs':
      return <RunsPage key={route.trigger ?? ''} trigger={route.trigger} />
    case 'run':
      return <RunPage runId={route.runId} />
    case 'events':
      return <EventsPage />
    case 'event':
      return <EventPage eventId={route.eventId} />
    case 'settings':
      return <SettingsPage />
    case 'not-found':
      return (
        <section>
          <h1>Page not found</h1>
          <p>
            Nothing lives at <code>#/{route.path}</code>. <a href="#/triggers">Go to the triggers</a>.
          </p>
        </section>
      )
  }
}
