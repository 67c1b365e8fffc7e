import { describe, expect, it } from 'vitest'
import type { ModuleDescriptor } from '../../engine/index.ts'
import { actionModules } from './index.ts'

// spec/ENGINE.md §4.3: id, name, version, outputs, blocking, core (expect_misp_core_format), filters.
const TABLE: Array<[string, string, string, number, boolean, boolean, boolean]> = [
  ['add_eventblocklist_entry', 'Add Event Blocklist entry', '0.1', 1, false, true, false],
  ['add_to_warninglist', 'Add to warninglist', '0.1', 1, false, true, true],
  ['assign_country', 'Assign country', '0.2', 1, false, true, true],
  ['attach-decay-score', 'Attach decay score', '0.1', 1, false, true, true],
  ['attach-enrichment', 'Attach enrichment', '0.3', 1, false, true, true],
  ['attach-warninglist', 'Attach warninglist', '0.2', 1, false, true, true],
  ['Module_attribute_comment_operation', 'Attribute comment operation', '0.1', 1, false, true, true],
  ['attribute_edition_operation', 'Attribute edition operation', '0.1', 1, false, true, true],
  ['attribute_ids_flag_operation', 'Attribute IDS Flag operation', '0.1', 1, false, true, true],
  ['enrich-event', 'Enrich Event', '0.2', 1, false, true, true],
  ['Module_event_distribution_operation', 'Event distribution operation', '0.1', 1, false, true, false],
  ['ms-teams-webhook', 'MS Teams Webhook', '0.5', 1, false, false, false],
  ['proposal-action', 'Proposal Action', '0.2', 1, false, true, true],
  ['publish-event', 'Publish Event', '0.1', 1, false, false, false],
  ['push-zmq', 'Push to ZMQ', '0.2', 1, false, false, false],
  ['reload-full-event', 'Reload full Event', '0.1', 1, false, true, false],
  ['send-log-mail', 'Send Log Mail', '0.1', 1, false, false, false],
  ['send-mail', 'Send Mail', '0.1', 1, false, false, false],
  ['splunk-hec-export', 'Splunk HEC export', '0.2', 0, false, true, false],
  ['stop-execution', 'Stop execution', '0.2', 0, true, false, false],
  ['tag_operation', 'Tag operation', '0.2', 1, false, true, true],
  ['tag_replacement_generic', 'Tag Replacement Generic', '0.1', 1, false, true, true],
  ['tag_replacement_pap', 'Tag Replacement - PAP', '0.1', 1, false, true, true],
  ['tag_replacement_tlp', 'Tag Replacement - TLP', '0.1', 1, false, true, true],
  ['telegram-send-alert', 'Telegram Send Alert', '0.1', 1, false, false, false],
  ['webhook', 'Webhook', '0.7', 1, false, false, false],
]

// spec/ENGINE.md §4.3 "Descriptions (verbatim)".
const DESCRIPTIONS: Record<string, string> = {
  add_eventblocklist_entry: 'Create a new entry in the Event blocklist table',
  add_to_warninglist: 'Append attributes to an active custom warninglist.',
  assign_country: 'Add or remove country Galaxy Cluster based on provided data',
  'attach-decay-score': 'Attach selected decaying model score to Attributes.',
  'attach-enrichment': 'Attach selected enrichment result to Attributes.',
  'attach-warninglist': 'Attach selected warninglist result.',
  Module_attribute_comment_operation: "Set the Attribute's comment to the selected value",
  attribute_edition_operation: 'Base module allowing to modify attribute',
  attribute_ids_flag_operation: 'Toggle or remove the IDS flag on selected attributes.',
  'enrich-event': 'Enrich all Attributes contained in the Event with the provided module.',
  Module_event_distribution_operation: "Set the Event's distribution to the selected level",
  'ms-teams-webhook': 'Perform callbacks to the MS Teams webhook provided by the "Incoming Webhook" connector',
  'proposal-action': 'Accept or remove any proposals being passed',
  'publish-event': 'Publish an Event in the context of the workflow',
  'push-zmq': 'Push to the ZMQ channel',
  'reload-full-event': 'Reload the full Event from the database and assign it to the roaming data.',
  'send-log-mail':
    'Allow to send a Mail to a list or recipients, based on a Log trigger. Requires functional misp-modules to be functional.',
  'send-mail': 'Allow to send a Mail to a list or recipients. Requires functional misp-modules to be functional.',
  'splunk-hec-export':
    "Export Event Data to Splunk HTTP Event Collector. Due to the potential high amount of requests, it's recommanded to put this module after a `concurrent_task` logic module.",
  'stop-execution': 'Essentially stops the execution for blocking workflows. Do nothing for non-blocking ones',
  tag_operation: 'Add or remove tags on Event or Attributes.',
  tag_replacement_generic: 'Attach a tag, or substitue a tag by another',
  tag_replacement_pap: 'Attach a tag (or substitue) a tag by another for the PAP taxonomy',
  tag_replacement_tlp: 'Attach a tag (or substitue) a tag by another for the TLP taxonomy',
  'telegram-send-alert': 'Send a message alert to a Telegram channel',
  webhook: 'Allow to perform custom callbacks to the provided URL',
}

// spec/ENGINE.md §4.3 "Icons": a FontAwesome icon, or an image under /img/.
const ICONS: Record<string, { icon: string; icon_path?: string }> = {
  add_eventblocklist_entry: { icon: 'ban' },
  add_to_warninglist: { icon: 'exclamation-triangle' },
  assign_country: { icon: 'globe' },
  'attach-decay-score': { icon: 'chart-line' },
  'attach-enrichment': { icon: 'asterisk' },
  'attach-warninglist': { icon: 'exclamation-triangle' },
  Module_attribute_comment_operation: { icon: 'edit' },
  attribute_edition_operation: { icon: 'edit' },
  attribute_ids_flag_operation: { icon: 'edit' },
  'enrich-event': { icon: 'asterisk' },
  Module_event_distribution_operation: { icon: 'edit' },
  'ms-teams-webhook': { icon: '', icon_path: 'MS_Teams.png' },
  'proposal-action': { icon: 'asterisk' },
  'publish-event': { icon: 'upload' },
  'push-zmq': { icon: '', icon_path: 'zeromq.png' },
  'reload-full-event': { icon: 'sync-alt' },
  'send-log-mail': { icon: 'envelope' },
  'send-mail': { icon: 'envelope' },
  'splunk-hec-export': { icon: '', icon_path: 'Splunk.png' },
  'stop-execution': { icon: 'ban' },
  tag_operation: { icon: 'tags' },
  tag_replacement_generic: { icon: 'tags' },
  tag_replacement_pap: { icon: 'tags' },
  tag_replacement_tlp: { icon: 'tags' },
  'telegram-send-alert': { icon: '', icon_path: 'Telegram.png' },
  webhook: { icon: '', icon_path: 'webhook.png' },
}

// spec/ENGINE.md §5.3: the Jinja-enabled parameters of the built-ins.
const JINJA_PARAMS = [
  'webhook.url',
  'webhook.payload',
  'webhook.headers',
  'stop-execution.message',
  'Module_attribute_comment_operation.comment',
  'send-mail.mail_template_subject',
  'send-mail.mail_template_body',
  'send-log-mail.mail_template_subject',
  'send-log-mail.mail_template_body',
  'telegram-send-alert.message_body_template',
]

// The parameter ids of each module (spec/ENGINE.md §4.3 per-module tables).
const PARAM_IDS: Record<string, string[]> = {
  add_eventblocklist_entry: ['uuid_hash_path', 'eventinfo_hash_path', 'block_comment'],
  add_to_warninglist: ['warninglist'],
  assign_country: ['scope', 'hash_path', 'locality', 'galaxy_name', 'relationship_type'],
  'attach-decay-score': ['decayingmodels'],
  'attach-enrichment': ['modules'],
  'attach-warninglist': ['warninglists'],
  Module_attribute_comment_operation: ['comment'],
  attribute_edition_operation: [],
  attribute_ids_flag_operation: ['action'],
  'enrich-event': ['modules'],
  Module_event_distribution_operation: ['freeze', 'distribution', 'sharing_group_id'],
  'ms-teams-webhook': ['url', 'content_type', 'data_extraction_path'],
  'proposal-action': ['action', 'proposal_type'],
  'publish-event': [],
  'push-zmq': ['data_extraction_path'],
  'reload-full-event': [],
  'send-log-mail': ['recipients', 'mail_template_subject', 'mail_template_body'],
  'send-mail': ['recipients', 'mail_template_subject', 'mail_template_body'],
  'splunk-hec-export': [
    'url',
    'verify_tls',
    'hec_token',
    'source_type',
    'event_per_attribute',
    'data_extraction_model',
  ],
  'stop-execution': ['message'],
  tag_operation: ['scope', 'action', 'locality', 'tags', 'relationship_type'],
  tag_replacement_generic: ['scope', 'remove_substituted', 'locality', 'relationship_type'],
  tag_replacement_pap: ['scope', 'remove_substituted', 'locality', 'relationship_type'],
  tag_replacement_tlp: ['scope', 'remove_substituted', 'locality', 'relationship_type'],
  'telegram-send-alert': ['bot_token', 'chat_id', 'message_body_template'],
  webhook: ['url', 'content_type', 'request_method', 'self_signed', 'payload', 'headers'],
}

function descriptorOf(id: string): ModuleDescriptor {
  const module = actionModules.find((candidate) => candidate.descriptor.id === id)
  if (!module) throw new Error(`no action ${id}`)
  return module.descriptor
}

function param(moduleId: string, paramId: string) {
  return descriptorOf(moduleId).params.find((candidate) => candidate.id === paramId)
}

describe('actionModules', () => {
  it('holds exactly the 26 actions of the spec, each id once, spelled as MISP spells them', () => {
    const ids = actionModules.map((module) => module.descriptor.id)
    expect(ids).toHaveLength(26)
    expect(new Set(ids).size).toBe(26)
    expect([...ids].sort()).toEqual(TABLE.map(([id]) => id).sort())
  })

  for (const [id, name, version, outputs, blocking, core, filters] of TABLE) {
    it(`describes ${id} as the spec's table does`, () => {
      expect(descriptorOf(id)).toMatchObject({
        id,
        name,
        version,
        outputs,
        blocking,
        expect_misp_core_format: core,
        support_filters: filters,
        description: DESCRIPTIONS[id],
        module_type: 'action',
        inputs: 1,
        multiple_output_connection: false,
        is_misp_module: false,
        is_custom: false,
        ...ICONS[id],
      })
      expect(descriptorOf(id).icon_path).toBe(ICONS[id].icon_path)
      expect(descriptorOf(id).html_template).toBeUndefined()
    })

    it(`gives ${id} its parameters, each with an id, a label and a type`, () => {
      const params = descriptorOf(id).params
      expect(params.map((p) => p.id)).toEqual(PARAM_IDS[id])
      for (const p of params) {
        expect(typeof p.id).toBe('string')
        expect(typeof p.label).toBe('string')
        expect(typeof p.type).toBe('string')
      }
    })
  }

  it('marks exactly the parameters of spec §5.3 as Jinja templates', () => {
    const jinja = actionModules.flatMap((module) =>
      module.descriptor.params.filter((p) => p.jinja_supported === true).map((p) => `${module.descriptor.id}.${p.id}`),
    )
    expect(jinja.sort()).toEqual([...JINJA_PARAMS].sort())
  })

  it('makes only stop-execution blocking', () => {
    expect(actionModules.filter((module) => module.descriptor.blocking).map((module) => module.descriptor.id)).toEqual([
      'stop-execution',
    ])
  })

  it("keeps MISP's quirky defaults", () => {
    // Q7: `all` is not one of proposal-action's options.
    expect(param('proposal-action', 'proposal_type')?.default).toBe('all')
    // Q8: `"1"` is not one of the tag-replacement options.
    for (const id of ['tag_replacement_generic', 'tag_replacement_pap', 'tag_replacement_tlp']) {
      expect(param(id, 'remove_substituted')?.default).toBe('1')
    }
    // attach-decay-score's `multiple` is the string "true".
    expect(param('attach-decay-score', 'decayingmodels')?.multiple).toBe('true')
  })

  it('states the hash-path parameters and their sub-selector flags', () => {
    expect(param('add_eventblocklist_entry', 'uuid_hash_path')).toMatchObject({
      type: 'hashpath',
      default: 'Event.uuid',
      hashpath: { is_sub_selector: true },
    })
    expect(param('add_eventblocklist_entry', 'eventinfo_hash_path')).toMatchObject({
      type: 'hashpath',
      default: 'Event.info',
    })
    expect(param('assign_country', 'hash_path')).toMatchObject({
      type: 'hashpath',
      default: 'enrichment.{n}.{n}.values.0',
    })
    expect(param('push-zmq', 'data_extraction_path')).toMatchObject({
      type: 'hashpath',
      default: '',
      placeholder: 'Attribute.{n}.AttributeTag.{n}.Tag.name',
    })
  })

  it('states the options, defaults and display rules of the select and picker parameters', () => {
    expect(param('tag_operation', 'locality')).toMatchObject({
      type: 'select',
      default: 'local',
      options: { local: 'Local', global: 'Global', any: 'Any' },
    })
    expect(param('tag_operation', 'tags')).toMatchObject({ type: 'picker', multiple: true, placeholder: 'Pick a tag' })
    expect(param('tag_operation', 'relationship_type')?.display_on).toEqual({ action: 'add' })
    expect(param('Module_event_distribution_operation', 'sharing_group_id')).toMatchObject({
      type: 'picker',
      multiple: false,
      default: [],
      display_on: { distribution: '4' },
    })
    expect(param('Module_event_distribution_operation', 'distribution')?.options).toEqual([
      { name: 'Organisation', value: 0 },
      { name: 'Community', value: 1 },
      { name: 'Connected', value: 2 },
      { name: 'All', value: 3 },
      { name: ' Sharing Group', value: 4 },
    ])
    expect(param('send-mail', 'recipients')).toMatchObject({
      type: 'picker',
      multiple: true,
      default: ['All admins'],
      options: ['All accounts', 'All admins'],
    })
    expect(param('send-log-mail', 'recipients')?.options).toEqual(['All accounts', 'All admins', 'Org admins'])
    expect(param('webhook', 'content_type')).toMatchObject({
      default: 'json',
      options: { json: 'application/json', form: 'application/x-www-form-urlencoded' },
    })
    expect(param('ms-teams-webhook', 'content_type')).toMatchObject({
      default: 'form',
      options: { form: 'application/x-www-form-urlencoded' },
    })
    expect(param('splunk-hec-export', 'verify_tls')).toMatchObject({
      default: 1,
      options: { '1': 'True', '0': 'False' },
    })
    expect(param('add_to_warninglist', 'warninglist')).toMatchObject({
      type: 'picker',
      placeholder: 'No warninglist selected',
    })
    expect(param('attach-warninglist', 'warninglists')).toMatchObject({ default: 'ALL', options: ['ALL'] })
  })

  it('exposes the tag-replacement patterns as MISP does', () => {
    expect(descriptorOf('tag_replacement_generic')).toMatchObject({ searchRegex: '', substitutionTemplate: '' })
    expect(descriptorOf('tag_replacement_tlp').searchRegex).toContain('amber\\+strict')
    expect(descriptorOf('tag_replacement_pap').searchRegex).toContain('(?P<predicate>white|clear|green|amber|red)')
  })
})
