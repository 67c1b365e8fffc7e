/**
 * The stand-in `exec` of an action module whose behaviour has not landed yet. It throws, so the
 * runner reports MISP's `Error while executing module <id>. Error: …` (spec/ENGINE.md §2.7):
 * a module that cannot act must never look like a silent success.
 */
export function notYet(moduleId: string): () => never {
  return () => {
    throw new Error(`module \`${moduleId}\` cannot run in this host yet`)
  }
}
