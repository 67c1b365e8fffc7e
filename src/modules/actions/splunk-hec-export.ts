import { defineActionModule } from '../define.ts'
import { notYet } from './not-yet.ts'

/**
 * Splunk HEC export: sends the event, or one Splunk event per attribute, to a Splunk HTTP Event
 * Collector (spec/ENGINE.md §4.3). The numeric defaults `1` and `0` are MISP's.
 */
export const splunkHecExport = defineActionModule({
  id: 'splunk-hec-export',
  name: 'Splunk HEC export',
  description:
    "Export Event Data to Splunk HTTP Event Collector. Due to the potential high amount of requests, it's recommanded to put this module after a `concurrent_task` logic module.",
  version: '0.2',
  icon_path: 'Splunk.png',
  outputs: 0,
  expect_misp_core_format: true,
  params: [
    { id: 'url', label: 'HEC URL', type: 'input', placeholder: 'https://splunk:8088/services/collector/event' },
    {
      id: 'verify_tls',
      label: 'Verify HTTPS Certificate',
      type: 'select',
      options: { '1': 'True', '0': 'False' },
      default: 1,
    },
    { id: 'hec_token', label: 'HEC Token', type: 'input', placeholder: '00000000-0000-0000-000000000000' },
    { id: 'source_type', label: 'Source Type', type: 'input', default: '', placeholder: 'misp:event' },
    {
      id: 'event_per_attribute',
      label: 'Create one Splunk Event per Attribute',
      type: 'select',
      options: { '1': 'True', '0': 'False' },
      default: 0,
    },
    {
      id: 'data_extraction_model',
      label: 'Data extraction model (JSON)',
      type: 'textarea',
      default: '',
      placeholder: '{ "EventInfo": "Event.info", "AttributeValue": "Event.Attribute.{n}.value"}',
    },
  ],
  exec: notYet('splunk-hec-export'),
})
