import { describe, expect, it } from 'vitest'
import { normalisePassthrough } from './passthrough.ts'

describe('normalisePassthrough', () => {
  it('hands the data on unchanged, as an independent copy', async () => {
    const raw = { id: '5', email: 'a@example.org', date_modified: 1727775600 }
    const output = await normalisePassthrough(raw)
    expect(output).toEqual(raw)
    expect(output).not.toBe(raw)
  })
  it('throws for data that is not an array, as PHP normalizeData(array) does', async () => {
    await expect(normalisePassthrough('text')).rejects.toThrow(TypeError)
  })
})
