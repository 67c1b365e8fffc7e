/**
 * The 26 built-in action modules, listed explicitly (spec/ENGINE.md §4.3). Parameter options
 * that MISP fills from its database or from misp-modules (tags, sharing groups, warninglists,
 * decaying models, enrichment modules, user e-mails) are empty here: the host fills them when it
 * serves descriptors.
 */
import type { WorkflowModule } from '../../engine/index.ts'
import { addEventblocklistEntry } from './add-eventblocklist-entry.ts'
import { addToWarninglist } from './add-to-warninglist.ts'
import { assignCountry } from './assign-country.ts'
import { attachDecayScore } from './attach-decay-score.ts'
import { attachEnrichment } from './attach-enrichment.ts'
import { attachWarninglist } from './attach-warninglist.ts'
import { attributeEditionOperation } from './attribute-edition-operation.ts'
import { attributeIdsFlagOperation } from './attribute-ids-flag-operation.ts'
import { enrichEvent } from './enrich-event.ts'
import { moduleAttributeCommentOperation } from './module-attribute-comment-operation.ts'
import { moduleEventDistributionOperation } from './module-event-distribution-operation.ts'
import { msTeamsWebhook } from './ms-teams-webhook.ts'
import { proposalAction } from './proposal-action.ts'
import { publishEvent } from './publish-event.ts'
import { pushZmq } from './push-zmq.ts'
import { reloadFullEvent } from './reload-full-event.ts'
import { sendLogMail } from './send-log-mail.ts'
import { sendMail } from './send-mail.ts'
import { splunkHecExport } from './splunk-hec-export.ts'
import { stopExecution } from './stop-execution.ts'
import { tagOperation } from './tag-operation.ts'
import { tagReplacementGeneric } from './tag-replacement-generic.ts'
import { tagReplacementPap } from './tag-replacement-pap.ts'
import { tagReplacementTlp } from './tag-replacement-tlp.ts'
import { telegramSendAlert } from './telegram-send-alert.ts'
import { webhook } from './webhook.ts'

/** Every built-in action module, in the order of the spec's table (spec/ENGINE.md §4.3). */
export const actionModules: WorkflowModule[] = [
  addEventblocklistEntry,
  addToWarninglist,
  assignCountry,
  attachDecayScore,
  attachEnrichment,
  attachWarninglist,
  moduleAttributeCommentOperation,
  attributeEditionOperation,
  attributeIdsFlagOperation,
  enrichEvent,
  moduleEventDistributionOperation,
  msTeamsWebhook,
  proposalAction,
  publishEvent,
  pushZmq,
  reloadFullEvent,
  sendLogMail,
  sendMail,
  splunkHecExport,
  stopExecution,
  tagOperation,
  tagReplacementGeneric,
  tagReplacementPap,
  tagReplacementTlp,
  telegramSendAlert,
  webhook,
]
