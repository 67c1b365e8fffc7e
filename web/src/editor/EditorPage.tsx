/**
 * The workflow editor for one trigger (issue #6 point 3, spec/UI.md §3), mounted by the app at
 * `#/workflows/editor/<trigger_id>`. It loads the workflow (created on first use), the module
 * catalogue and the blueprints, then hands one store to the toolbar, palette, canvas and side
 * panels. Keyboard shortcuts work whenever focus is not in a form field.
 */
import '@xyflow/react/dist/style.css'
import './editor.css'
import type { ReactFlowInstance } from '@xyflow/react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { GraphNode, ModuleDescriptor } from '../../../src/engine/contract/index.ts'
import { FlowCanvas } from './canvas/flow-canvas.tsx'
import {
  type BlueprintRecord,
  checkGraph,
  loadBlueprints,
  loadModules,
  loadWorkflow,
  saveBlueprint,
  saveWorkflow,
  type WorkflowRecord,
} from './editor-api.ts'
import { cleanGraph } from './model/clean-node.ts'
import { readDrawflow, writeDrawflow } from './model/drawflow.ts'
import { Palette } from './palette/palette.tsx'
import { BlueprintDialog } from './panels/blueprint-dialog.tsx'
import { NodePanel } from './panels/node-panel.tsx'
import { ProblemsPanel } from './panels/problems-panel.tsx'
import { RunPanel } from './panels/run-panel.tsx'
import { VersionsPanel } from './panels/versions-panel.tsx'
import { createCatalog, moduleOfNode } from './state/catalog.ts'
import { createHandle, EditorContext, type EditorHandle, useEditor } from './state/editor-context.ts'
import {
  addNode,
  autoLayout,
  copySelection,
  type EditorState,
  initialState,
  insertNodes,
  isDirty,
  redo,
  removeItems,
  undo,
} from './state/editor-state.ts'
import { blocksSave } from './model/problems.ts'
import { serverProblems } from './model/server-check.ts'
import { createStore } from './state/store.ts'
import { Toolbar } from './toolbar.tsx'

const CLIPBOARD_KEY = 'sluice.editor.clipboard'

interface Loaded {
  handle: EditorHandle
  blueprints: BlueprintRecord[]
  modules: ModuleDescriptor[]
}

function timestampMs(value: unknown): number | null {
  const seconds = Number(value)
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null
}

/** Builds the editor state from what the server answered. */
export function stateFromRecord(record: WorkflowRecord, modules: ModuleDescriptor[]): EditorState {
  const catalog = createCatalog(modules)
  const doc = readDrawflow(record.data ?? {})
  return initialState(
    {
      id: record.id,
      name: record.name,
      trigger_id: record.trigger_id,
      timestamp: record.timestamp,
      isDebugOn: record.debug_enabled === true || Number(record.debug_enabled) === 1,
    },
    catalog,
    doc,
    timestampMs(record.timestamp),
  )
}

/** The editor page for `triggerId`. */
export function EditorPage({ triggerId }: { triggerId: string }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [error, setError] = useState('')
  useEffect(() => {
    let live = true
    Promise.all([loadWorkflow(triggerId), loadModules(), loadBlueprints().catch(() => [] as BlueprintRecord[])])
      .then(([record, modules, blueprints]) => {
        if (!live) return
        setLoaded({ handle: createHandle(createStore(stateFromRecord(record, modules))), blueprints, modules })
      })
      .catch((failure: Error) => live && setError(failure.message))
    return () => {
      live = false
    }
  }, [triggerId])
  if (error) {
    return (
      <section className="sl-editor-error" aria-label="Workflow editor">
        <h1>Workflow: {triggerId}</h1>
        <p role="alert">The workflow could not be opened: {error}</p>
      </section>
    )
  }
  if (!loaded) return <p role="status">Loading workflow…</p>
  return (
    <EditorContext.Provider value={loaded.handle}>
      <Editor handle={loaded.handle} initialBlueprints={loaded.blueprints} modules={loaded.modules} />
    </EditorContext.Provider>
  )
}

function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null
  if (!element) return false
  return element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName)
}

function Editor({
  handle,
  initialBlueprints,
  modules,
}: {
  handle: EditorHandle
  initialBlueprints: BlueprintRecord[]
  modules: ModuleDescriptor[]
}) {
  const { store, dispatch } = handle
  const flow = useRef<ReactFlowInstance | null>(null)
  const [blueprints, setBlueprints] = useState(initialBlueprints)
  const [savingBlueprint, setSavingBlueprint] = useState<GraphNode[] | null>(null)
  const panel = useEditor((state) => state.panel)
  const notice = useEditor((state) => state.notice)
  const dirty = useEditor(isDirty)
  const triggerNode = useEditor((state) =>
    state.doc.order.map((key) => state.doc.nodes[key]).find((node) => node.data?.module_type === 'trigger'),
  )
  const trigger = useEditor((state) => moduleOfNode(state.catalog, triggerNode))
  const blueprintMap = useMemo(
    () => new Map(blueprints.map((b) => [String(b.id), { name: b.name, data: b.data }])),
    [blueprints],
  )

  const viewportCentre = useCallback(() => {
    const instance = flow.current
    const box = document.querySelector('.sl-canvas')?.getBoundingClientRect()
    if (!instance || !box) return { x: 0, y: 0 }
    return instance.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 })
  }, [])

  const save = useCallback(async () => {
    const state = store.get()
    if (blocksSave(state.problems)) {
      dispatch((s) => ({
        ...s,
        notice: { kind: 'error', text: 'The workflow has errors (see Problems); it was not saved.' },
        panel: { kind: 'problems' },
      }))
      return
    }
    const doc = state.doc
    dispatch((s) => ({ ...s, saving: true }))
    try {
      await saveWorkflow(state.workflow.id, cleanGraph(writeDrawflow(doc) as Record<string, unknown>))
      // The canvas is not rebuilt (spec/UI.md §6 item 8): the selection and view stay as they are.
      dispatch((s) => ({
        ...s,
        saving: false,
        savedDoc: doc,
        lastSavedAt: Date.now(),
        notice: { kind: 'info', text: 'Workflow saved.' },
      }))
    } catch (failure) {
      dispatch((s) => ({
        ...s,
        saving: false,
        notice: { kind: 'error', text: `Failed to save the workflow: ${(failure as Error).message}` },
      }))
    }
  }, [dispatch, store])

  const copy = useCallback(() => {
    const nodes = copySelection(store.get())
    if (nodes.length === 0) return
    localStorage.setItem(CLIPBOARD_KEY, JSON.stringify(nodes))
    dispatch((s) => ({
      ...s,
      notice: { kind: 'info', text: `Copied ${nodes.length} node${nodes.length === 1 ? '' : 's'}.` },
    }))
  }, [dispatch, store])

  const paste = useCallback(() => {
    const text = localStorage.getItem(CLIPBOARD_KEY)
    if (!text) return
    let nodes: GraphNode[]
    try {
      nodes = JSON.parse(text) as GraphNode[]
    } catch {
      return
    }
    if (!Array.isArray(nodes) || nodes.length === 0) return
    const at = viewportCentre()
    dispatch((s) => insertNodes(s, nodes, at, null))
  }, [dispatch, viewportCentre])

  const actions = useMemo(
    () => ({
      save: () => void save(),
      undo: () => dispatch(undo),
      redo: () => dispatch(redo),
      copy,
      paste,
      deleteSelection: () => dispatch((s) => removeItems(s, s.selected, s.selectedEdges)),
      fitView: () => void flow.current?.fitView({ maxZoom: 1 }),
      layout: () => {
        dispatch(autoLayout)
        // Instant, so that the nodes are where they end up as soon as the click returns.
        requestAnimationFrame(() => void flow.current?.fitView({ maxZoom: 1 }))
      },
      saveBlueprint: () => {
        const state = store.get()
        const keys = state.doc.order.filter(
          (key) => state.selected.has(key) && state.doc.nodes[key].data?.module_type !== 'trigger',
        )
        if (keys.length === 0) {
          dispatch((s) => ({ ...s, notice: { kind: 'error', text: 'Select the nodes to save as a blueprint first.' } }))
          return
        }
        setSavingBlueprint(
          cleanGraph(writeDrawflow({ ...state.doc, container: 'list', order: keys }) as unknown[]) as GraphNode[],
        )
      },
      showPanel: (next: EditorState['panel']) => dispatch((s) => ({ ...s, panel: next })),
    }),
    [copy, dispatch, paste, save, store],
  )

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey
      const key = event.key.toLowerCase()
      if (mod && key === 's') {
        event.preventDefault()
        actions.save()
        return
      }
      if (isTyping(event.target)) return
      if (mod && key === 'z' && !event.shiftKey) actions.undo()
      else if (mod && ((key === 'z' && event.shiftKey) || key === 'y')) actions.redo()
      else if (mod && key === 'c') actions.copy()
      else if (mod && key === 'v') actions.paste()
      else if (key === 'delete' || key === 'backspace') actions.deleteSelection()
      else return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [actions])

  useEffect(() => {
    if (!dirty) return
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault()
      event.returnValue = ''
    }
    // Links inside the app change only the hash, which `beforeunload` does not see: ask first.
    const guardLinks = (event: MouseEvent) => {
      const link = (event.target as HTMLElement | null)?.closest?.('a[href^="#"]')
      if (link && !window.confirm('This workflow has unsaved changes. Leave the editor and lose them?')) {
        event.preventDefault()
        event.stopPropagation()
      }
    }
    window.addEventListener('beforeunload', warn)
    document.addEventListener('click', guardLinks, true)
    return () => {
      window.removeEventListener('beforeunload', warn)
      document.removeEventListener('click', guardLinks, true)
    }
  }, [dirty])

  // The server's own check (`/workflows/checkGraph`), half a second after the connections or
  // nodes change: a cross-check of the live rules, never in the way of typing.
  const checkedEdges = useEditor((state) => state.doc.edges)
  const checkedOrder = useEditor((state) => state.doc.order)
  useEffect(() => {
    let live = true
    const timer = setTimeout(() => {
      const state = store.get()
      // Only the graph this effect was scheduled for; a newer change has its own timer.
      if (state.doc.edges !== checkedEdges || state.doc.order !== checkedOrder) return
      dispatch((s) => ({ ...s, serverCheck: { ...s.serverCheck, state: 'checking' } }))
      checkGraph(writeDrawflow(state.doc))
        .then((check) => {
          if (!live) return
          dispatch((s) => ({
            ...s,
            serverCheck: { state: 'done', problems: serverProblems(check, s.doc, s.problems) },
          }))
        })
        .catch((failure: Error) => {
          if (live)
            dispatch((s) => ({ ...s, serverCheck: { state: 'failed', problems: [], message: failure.message } }))
        })
    }, 500)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [checkedEdges, checkedOrder, dispatch, store])

  const reveal = useCallback(
    (key: string) => void flow.current?.fitView({ nodes: [{ id: key }], duration: 200, maxZoom: 1.2 }),
    [],
  )
  const onAddModule = useCallback(
    (module: ModuleDescriptor) => {
      const at = viewportCentre()
      dispatch((s) => addNode(s, module, at.x - 130, at.y - 30))
    },
    [dispatch, viewportCentre],
  )
  const onInsertBlueprint = useCallback(
    (blueprint: BlueprintRecord) => {
      const at = viewportCentre()
      dispatch((s) => insertNodes(s, blueprint.data, at, blueprint.name))
    },
    [dispatch, viewportCentre],
  )
  const onInstance = useCallback((instance: ReactFlowInstance) => {
    flow.current = instance
  }, [])

  return (
    <section className="sl-editor" aria-label="Workflow editor">
      <Toolbar
        blocking={Boolean(trigger?.blocking ?? triggerNode?.data?.blocking)}
        coreFormat={Boolean(trigger?.misp_core_format ?? triggerNode?.data?.misp_core_format)}
        actions={actions}
      />
      {notice ? (
        <div role={notice.kind === 'error' ? 'alert' : 'status'} className={`sl-notice sl-notice-${notice.kind}`}>
          {notice.text}
          <button type="button" aria-label="Dismiss message" onClick={() => dispatch((s) => ({ ...s, notice: null }))}>
            ×
          </button>
        </div>
      ) : null}
      <div className="sl-main">
        <Palette
          modules={modules}
          blueprints={blueprints}
          onAddModule={onAddModule}
          onInsertBlueprint={onInsertBlueprint}
        />
        <FlowCanvas onInstance={onInstance} blueprints={blueprintMap} />
        {panel.kind !== 'none' ? (
          <div className="sl-side">
            {panel.kind === 'node' ? <NodePanel key={panel.key} nodeKey={panel.key} /> : null}
            {panel.kind === 'problems' ? <ProblemsPanel onReveal={reveal} /> : null}
            {panel.kind === 'versions' ? <VersionsPanel /> : null}
            {panel.kind === 'run' ? <RunPanel /> : null}
          </div>
        ) : null}
      </div>
      {savingBlueprint ? (
        <BlueprintDialog
          nodes={savingBlueprint}
          triggerId={store.get().workflow.trigger_id}
          onClose={() => setSavingBlueprint(null)}
          onSave={async (name, description) => {
            await saveBlueprint(name, description, savingBlueprint)
            setSavingBlueprint(null)
            setBlueprints(await loadBlueprints().catch(() => blueprints))
            dispatch((s) => ({ ...s, notice: { kind: 'info', text: `Blueprint “${name}” saved.` } }))
          }}
        />
      ) : null}
    </section>
  )
}
