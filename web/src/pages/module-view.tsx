/**
 * Module or trigger page (UI.md §2.3, issue #6): its facts, its parameters, for a trigger its
 * workflow, and the stateless execution form: parameter fields, input JSON, "convert to MISP
 * core format", and the result with HTTP status and round-trip time.
 */
import { type FormEvent, useState } from 'react'
import { executeStateless, type ModuleDescriptor, type StatelessResult, viewModule } from '../api/workflows.ts'
import { hrefOf } from '../app/router.ts'
import { PageHeader, YesNo, PagePending } from '../app/ui.tsx'
import { useLoad } from '../app/use-load.ts'
import { WorkflowError } from './workflow-gate.tsx'
import { ParamField, paramKey } from './param-field.tsx'
import { isOn } from './triggers.tsx'

/** `#/modules/<id>`. */
export function ModulePage({ moduleId }: { moduleId: string }) {
  const module = useLoad(() => viewModule(moduleId), [moduleId])
  if (!module.data) {
    return <PagePending title={`Module ${moduleId}`} load={module} Alert={WorkflowError} />
  }
  const data = module.data
  const isTrigger = data.module_type === 'trigger'
  return (
    <section>
      <PageHeader title={data.name}>{data.description}</PageHeader>
      <dl className="facts" aria-label="Module details">
        <dt>ID</dt>
        <dd>
          <code>{data.id}</code>
        </dd>
        <dt>Type</dt>
        <dd>{data.module_type}</dd>
        <dt>Version</dt>
        <dd>{data.version}</dd>
        <dt>Blocking</dt>
        <dd>
          <YesNo value={data.blocking} />
        </dd>
        <dt>{isTrigger ? 'Passes MISP core format' : 'Expects MISP core format'}</dt>
        <dd>
          <YesNo value={isTrigger ? data.misp_core_format : data.expect_misp_core_format} />
        </dd>
        <dt>misp-module</dt>
        <dd>
          <YesNo value={data.is_misp_module} />
        </dd>
        <dt>Enabled</dt>
        <dd>
          <YesNo value={!isOn(data.disabled)} />
        </dd>
        {isTrigger ? (
          <>
            <dt>Run counter</dt>
            <dd>{data.Workflow?.counter ?? 0}</dd>
            <dt>Workflow</dt>
            <dd>
              <a href={hrefOf({ page: 'editor', triggerId: data.id })}>
                {data.Workflow
                  ? `Open ${data.Workflow.name || `workflow ${data.Workflow.id}`} in the editor`
                  : 'Create it in the editor'}
              </a>
            </dd>
          </>
        ) : null}
      </dl>
      <h2>Parameters</h2>
      {(data.params ?? []).length === 0 ? (
        <p className="muted">No parameters.</p>
      ) : (
        <details>
          <summary>{(data.params ?? []).map((param) => param.label).join(', ')} (descriptor JSON)</summary>
          <pre>{JSON.stringify(data.params, null, 2)}</pre>
        </details>
      )}
      <StatelessForm module={data} />
    </section>
  )
}

function defaults(module: ModuleDescriptor): Record<string, unknown> {
  return Object.fromEntries((module.params ?? []).map((param) => [paramKey(param), param.default ?? '']))
}

function StatelessForm({ module }: { module: ModuleDescriptor }) {
  const [params, setParams] = useState<Record<string, unknown>>(() => defaults(module))
  const [input, setInput] = useState('{\n  "Event": {\n    "info": "Test event",\n    "Attribute": []\n  }\n}')
  const [convert, setConvert] = useState(true)
  const [result, setResult] = useState<StatelessResult | null>(null)
  const [isBusy, setBusy] = useState(false)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setResult(await executeStateless(module.id, params, input, convert))
    setBusy(false)
  }
  return (
    <form onSubmit={submit} aria-label="Stateless module execution">
      <h2>Stateless module execution</h2>
      <div className="columns">
        <fieldset>
          <legend>Module parameters</legend>
          {(module.params ?? []).length === 0 ? <p className="muted">This module takes no parameters.</p> : null}
          {(module.params ?? []).map((param) => (
            <ParamField
              key={paramKey(param)}
              param={param}
              value={params[paramKey(param)]}
              onChange={(value) => setParams({ ...params, [paramKey(param)]: value })}
            />
          ))}
        </fieldset>
        <fieldset>
          <legend>Input data</legend>
          <label className="field inline">
            <input type="checkbox" checked={convert} onChange={(e) => setConvert(e.target.checked)} />
            Convert input data into MISP core format
          </label>
          <label className="field">
            Input JSON
            <textarea rows={12} value={input} onChange={(e) => setInput(e.target.value)} spellCheck={false} />
          </label>
        </fieldset>
      </div>
      <button type="submit" className="primary" disabled={isBusy}>
        {isBusy ? 'Executing…' : 'Execute module'}
      </button>
      <section aria-label="Execution result">
        <h3>
          Execution result:{' '}
          {result ? (
            <span className={`badge ${result.status === 200 ? 'badge-success' : 'badge-failure'}`}>
              {result.status} [{result.ms} ms]
            </span>
          ) : (
            <span className="badge badge-off">none</span>
          )}
        </h3>
        <pre>{result ? JSON.stringify(result.body, null, 2) : '- not executed -'}</pre>
      </section>
    </form>
  )
}
