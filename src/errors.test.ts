import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES, hasErrorCode, UserError } from './errors.ts'

describe('ERROR_CODES', () => {
  it('lists exactly the codes documented in docs/errors.md, with the same kind and meaning', () => {
    const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8')
    const rows = [...doc.matchAll(/^\| `(SLC_[A-Z_]+)` \| (\w+) \| (.+) \|$/gm)].map(([, code, kind, summary]) => ({
      code,
      kind,
      summary,
    }))
    const catalogue = Object.entries(ERROR_CODES).map(([code, entry]) => ({
      code,
      kind: entry.kind,
      summary: entry.summary,
    }))
    expect(rows).toEqual(catalogue)
  })
})

describe('UserError', () => {
  it('carries its code, status 400 and the user kind', () => {
    const error = new UserError('SLC_BAD_JSON', 'x.json is not valid JSON')
    expect(error).toMatchObject({ code: 'SLC_BAD_JSON', status: 400, kind: 'user', name: 'UserError' })
    expect(hasErrorCode(error, 'SLC_BAD_JSON')).toBe(true)
    expect(hasErrorCode({ code: 'SLC_BAD_JSON' }, 'SLC_BAD_JSON')).toBe(true)
  })
})
