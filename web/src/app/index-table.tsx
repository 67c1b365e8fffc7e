/**
 * An index page's table: named by `label` (the pages' tests find it by that name), a header
 * row of column headers, one row saying `empty` when there is nothing to show, then the rows.
 */
import type { ReactNode } from 'react'

/** A column header: its text, or its text and what to show instead. */
export type IndexColumn = string | { name: string; header: ReactNode }

/** The table; `children` are its body rows. */
export function IndexTable(props: {
  label: string
  columns: IndexColumn[]
  isEmpty: boolean
  empty: string
  children: ReactNode
}) {
  const { label, columns, isEmpty, empty, children } = props
  return (
    <table aria-label={label}>
      <thead>
        <tr>
          {columns.map((column) =>
            typeof column === 'string' ? (
              <th key={column} scope="col">
                {column}
              </th>
            ) : (
              <th key={column.name} scope="col">
                {column.header}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>
        {isEmpty ? (
          <tr>
            <td colSpan={columns.length}>{empty}</td>
          </tr>
        ) : null}
        {children}
      </tbody>
    </table>
  )
}
