import { defineActionModule } from '../define.ts'
import { notYet } from './not-yet.ts'

/** Push to ZMQ: publishes the extracted data on the `misp_json_workflow` topic (spec/ENGINE.md §4.3). */
export const pushZmq = defineActionModule({
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
  exec: notYet('push-zmq'),
})
