import { extract } from '../../hashpath/index.ts'
import { defineActionModule } from '../define.ts'

/** MISP's topic for workflow pushes. */
export const ZMQ_WORKFLOW_TOPIC = 'misp_json_workflow'

/**
 * Push to ZMQ: publishes the extracted data (the whole data view for an empty path) on the
 * `misp_json_workflow` topic (spec/ENGINE.md §4.3) through the host's ZeroMQ publisher. As in
 * MISP, `Plugin.ZeroMQ_enable` is not checked; unlike MISP, a publisher that cannot run (the
 * optional `zeromq` package missing, the port taken) is a node error, not a silent loss.
 */
export const pushZmq = defineActionModule<{ data_extraction_path: unknown }>({
  id: 'push-zmq',
  name: 'Push to ZMQ',
  description: 'Push to the ZMQ channel',
  version: '0.2',
  icon_path: 'zeromq.png',
  params: [
    {
      id: 'data_extraction_path',
      label: 'Data extraction path',
      type: 'hashpath',
      default: '',
      placeholder: 'Attribute.{n}.AttributeTag.{n}.Tag.name',
    },
  ],
  async exec(ctx) {
    const path = ctx.params.data_extraction_path
    let payload: unknown
    try {
      payload = extract(ctx.data, typeof path === 'string' ? path : '')
    } catch {
      ctx.errors.push(`Error while trying to extract data with path \`${String(path)}\``)
      return false
    }
    const publish = ctx.outbound?.publish
    if (!publish) {
      ctx.errors.push('ZeroMQ publishing is not available in this host.')
      return false
    }
    try {
      await publish(ZMQ_WORKFLOW_TOPIC, payload)
    } catch (error) {
      ctx.errors.push((error as Error).message)
      return false
    }
    return true
  },
})
