/**
 * The stand-in `exec` of an action module whose behaviour has not landed yet. It throws, so the
 * runner reports MISP's `Error while executing module <id>. Error: …` (spec/ENGINE.md §2.7):
 * a module that cannot act must never look like a silent success.
 */
const NOT_YET = new WeakSet<object>()

/** The stand-in `exec` for `moduleId`. */
export function notYet(moduleId: string): () => never {
  const exec = () => {
    throw new Error(`module \`${moduleId}\` cannot run in this host yet`)
  }
  NOT_YET.add(exec)
  return exec
}

/** Whether `exec` is a `notYet` stand-in (the modules still waiting for their behaviour). */
export function isNotYet(exec: unknown): boolean {
  return typeof exec === 'function' && NOT_YET.has(exec)
}
