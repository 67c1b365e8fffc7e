/** The MISP core format and PHP value semantics (spec/CORE-FORMAT.md). Pure: no I/O. */
export * from './php.ts'
