import { describe, expect, it } from 'vitest'
import { blueprintFileName } from './blueprint-file.ts'

describe('blueprintFileName', () => {
  it('lower-cases the name and turns spaces into dashes, as MISP names its export', () => {
    expect(blueprintFileName('Curation - Allow curation process', 1690446130)).toBe(
      'blueprint_curation---allow-curation-process_1690446130.json',
    )
  })
  it('keeps quotes, slashes and line breaks out of the Content-Disposition header', () => {
    expect(blueprintFileName('a"b/c\r\nd:e', 1)).toBe('blueprint_a_b_c__d_e_1.json')
  })
})
