/**
 * A PHP associative array as it arrives in JavaScript: a JSON object. PHP lists arrive as
 * JavaScript arrays (spec/CORE-FORMAT.md §0 "Typography").
 */
export type PhpMap = Record<string, unknown>

/**
 * The `Event` part of the MISP core format: every event column plus the moved siblings
 * (`Org`, `Orgc`, `Attribute`, `Object`, `Tag`, …) and the workflow addition
 * `_AttributeFlattened` (spec/CORE-FORMAT.md §3.4, §5.1).
 */
export type CoreEvent = PhpMap & { _AttributeFlattened: unknown[] }

/**
 * The MISP core format as a workflow sees it: `Event`, `errors` when the input had them, and
 * every top-level key of the input that starts with `_` (spec/CORE-FORMAT.md §3.4).
 */
export type CoreData = PhpMap & { Event: CoreEvent }

/**
 * What a trigger's `normalizeData` hands to the graph walk: core format for core-format
 * triggers, the raw data (or `{Post, Thread, Event?}`) otherwise (spec/ENGINE.md §2.4).
 */
export type NormalisedData = PhpMap

/** The guessed conversion scope; `none` is rule 6 of spec/CORE-FORMAT.md §2. */
export type CoreScope = 'event' | 'attribute' | 'object' | 'none'
