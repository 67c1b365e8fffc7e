/**
 * Hands the editor's store to its components. `dispatch` runs one pure action and keeps the
 * derived problems list in step with the document.
 */
import { createContext, useContext } from 'react'
import { type EditorState, withProblems } from './editor-state.ts'
import { type Store, useStore } from './store.ts'

/** The store plus the one way to change it. */
export interface EditorHandle {
  store: Store<EditorState>
  dispatch(action: (state: EditorState) => EditorState): void
}

/** Wraps a store into a handle. */
export function createHandle(store: Store<EditorState>): EditorHandle {
  return { store, dispatch: (action) => store.set((state) => withProblems(action(state), state)) }
}

export const EditorContext = createContext<EditorHandle | null>(null)

/** The editor handle of the page being rendered. */
export function useEditorHandle(): EditorHandle {
  const handle = useContext(EditorContext)
  if (!handle) throw new Error('Editor components must be rendered inside the editor page')
  return handle
}

/** Reads one slice of the editor state. */
export function useEditor<S>(selector: (state: EditorState) => S): S {
  return useStore(useEditorHandle().store, selector)
}
