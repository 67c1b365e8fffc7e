/** The JobQueue port and its adapters (issue #4, docs/queue.md). */
export * from './job-queue.ts'
export {
  createEmbeddedJobQueue,
  describeError,
  type EmbeddedJobQueue,
  type EmbeddedQueueOptions,
} from './embedded/embedded-job-queue.ts'
