/**
 * The logic and action modules enabled on first initialisation, as MISP's DB update 90 seeds
 * them (spec/ENGINE.md §5.5, §9.1 item 5). Every other module starts disabled.
 */
export const DEFAULT_ENABLED_MODULES: readonly string[] = [
  'generic-if',
  'distribution-if',
  'published-if',
  'organisation-if',
  'tag-if',
  'concurrent-task',
  'stop-execution',
  'webhook',
  'push-zmq',
]
