/**
 * The outcome of a page's actions: `run(action)` clears the last outcome, runs the action,
 * shows the text it answers as the notice (or its failure as the error), then calls `after`
 * (usually the page data's `reload`), whether the action succeeded or not.
 */
import { useState } from 'react'

/** A page's action runner and the outcome of its last action. */
export interface PageAction {
  notice: string
  error: unknown
  run(action: () => Promise<string | undefined>): Promise<void>
}

/** Runs a page's actions one outcome at a time; `after` follows every action. */
export function usePageAction(after: () => void): PageAction {
  const [notice, setNotice] = useState('')
  const [error, setError] = useState<unknown>()
  const run = async (action: () => Promise<string | undefined>) => {
    setError(undefined)
    setNotice('')
    try {
      setNotice((await action()) ?? '')
    } catch (caught) {
      setError(caught)
    }
    after()
  }
  return { notice, error, run }
}
