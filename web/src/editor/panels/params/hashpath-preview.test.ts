import { describe, expect, it } from 'vitest'
import { previewHashPath } from './hashpath-preview.ts'
import { SAMPLE_EVENT } from './sample-event.ts'

describe('previewHashPath', () => {
  it('shows what a path extracts from the sample event', () => {
    expect(previewHashPath(SAMPLE_EVENT, 'Event.Tag.{n}.name')).toBe('2 value(s):\n[\n  "tlp:amber",\n  "PAP:RED"\n]')
  })
  it('applies a sub-selector path to the items of its element selector', () => {
    const text = previewHashPath(SAMPLE_EVENT, 'type', 'Event._AttributeFlattened.{n}')
    expect(text).toContain('3 item(s) selected')
    expect(text).toContain('"domain"')
  })
  it('asks for a path when the field is empty', () => {
    expect(previewHashPath(SAMPLE_EVENT, '  ')).toBe('Type a path to see what it extracts.')
  })
})
