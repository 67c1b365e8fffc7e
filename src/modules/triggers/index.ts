/** The 17 built-in triggers, listed explicitly (spec/ENGINE.md §4.1; STYLE.md "Register modules explicitly"). */
import type { TriggerModule } from '../../engine/index.ts'
import { attributeAfterSave } from './attribute-after-save.ts'
import { enrichmentBeforeQuery } from './enrichment-before-query.ts'
import { eventAfterSave } from './event-after-save.ts'
import { eventAfterSaveNew } from './event-after-save-new.ts'
import { eventAfterSaveNewFromPull } from './event-after-save-new-from-pull.ts'
import { eventBeforeSave } from './event-before-save.ts'
import { eventPublish } from './event-publish.ts'
import { eventReportAfterSave } from './event-report-after-save.ts'
import { logAfterSave } from './log-after-save.ts'
import { objectAfterSave } from './object-after-save.ts'
import { postAfterSave } from './post-after-save.ts'
import { shadowAttributeAfterSave } from './shadow-attribute-after-save.ts'
import { shadowAttributeBeforeSave } from './shadow-attribute-before-save.ts'
import { sightingAfterSave } from './sighting-after-save.ts'
import { tagAttachedAfterSave } from './tag-attached-after-save.ts'
import { userAfterSave } from './user-after-save.ts'
import { userBeforeSave } from './user-before-save.ts'

/** Every built-in trigger module, in MISP's file order (spec/ENGINE.md §4.1). */
export const triggerModules: TriggerModule[] = [
  attributeAfterSave,
  enrichmentBeforeQuery,
  eventAfterSave,
  eventAfterSaveNew,
  eventAfterSaveNewFromPull,
  eventBeforeSave,
  eventPublish,
  eventReportAfterSave,
  logAfterSave,
  objectAfterSave,
  postAfterSave,
  shadowAttributeAfterSave,
  shadowAttributeBeforeSave,
  sightingAfterSave,
  tagAttachedAfterSave,
  userAfterSave,
  userBeforeSave,
]
