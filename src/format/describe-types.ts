import { DESCRIBE_TYPES } from './describe-types-data.ts'

export { DESCRIBE_TYPES } from './describe-types-data.ts'
export type { DescribeTypesTable } from './describe-types-data.ts'

const own = (record: object, key: string): boolean => Object.hasOwn(record, key)

/** Whether `type` is one of MISP's 191 attribute types (spec/CORE-FORMAT.md §9). */
export function isKnownType(type: string): boolean {
  return own(DESCRIBE_TYPES.sane_defaults, type)
}

/** Whether `category` is one of MISP's 16 attribute categories (spec/CORE-FORMAT.md §9). */
export function isKnownCategory(category: string): boolean {
  return own(DESCRIBE_TYPES.category_type_mappings, category)
}

/** The categories that allow `type`, in MISP's order; `[]` for an unknown type (spec/CORE-FORMAT.md §9). */
export function categoriesForType(type: string): readonly string[] {
  return own(DESCRIBE_TYPES.type_category_mappings, type) ? DESCRIBE_TYPES.type_category_mappings[type] : []
}

/** Whether an attribute of `type` may have `category` (spec/CORE-FORMAT.md §5.2, §9). */
export function isCategoryAllowed(type: string, category: string): boolean {
  return categoriesForType(type).includes(category)
}

/** MISP's default category for a new attribute of `type`; null for an unknown type (spec/CORE-FORMAT.md §9). */
export function defaultCategory(type: string): string | null {
  return isKnownType(type) ? DESCRIBE_TYPES.sane_defaults[type].default_category : null
}

/** MISP's default IDS flag for a new attribute of `type`; false for an unknown type (spec/CORE-FORMAT.md §9). */
export function defaultToIds(type: string): boolean {
  return isKnownType(type) && DESCRIBE_TYPES.sane_defaults[type].to_ids === 1
}

/** Whether `type` is composite (`malware-sample` or a type containing `|`): its value joins two parts with `|` (spec/CORE-FORMAT.md §9). */
export function isCompositeType(type: string): boolean {
  return DESCRIBE_TYPES.composite_types.includes(type)
}
