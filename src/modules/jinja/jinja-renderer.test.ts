import { describe, expect, it } from 'vitest'
import { createJinjaRenderer, MAX_TEMPLATE_LENGTH } from './jinja-renderer.ts'

const renderer = createJinjaRenderer()
const event = { Event: { info: 'Phishing', Attribute: [{ value: '198.51.100.7' }, { value: 'evil.example' }] } }

describe('createJinjaRenderer', () => {
  it('renders with the top-level keys of the data view as variables', async () => {
    expect(await renderer.render('Event {{ Event.info }} has {{ Event.Attribute | length }} attributes', event)).toBe(
      'Event Phishing has 2 attributes',
    )
  })

  it('supports loops and filters that MISP’s examples use', async () => {
    expect(await renderer.render('{% for a in Event.Attribute %}{{ a.value }};{% endfor %}', event)).toBe(
      '198.51.100.7;evil.example;',
    )
    expect(await renderer.render('{{ Event.info | upper }}', event)).toBe('PHISHING')
  })

  it('renders plain text to itself', async () => {
    expect(await renderer.render('Publishing blocked by policy', event)).toBe('Publishing blocked by policy')
  })

  it('cannot reach JavaScript internals from a hostile template', async () => {
    await expect(async () =>
      renderer.render("{{ Event.constructor.constructor('return process')() }}", event),
    ).rejects.toThrow()
    expect(await renderer.render('{{ Event.constructor }}', event)).toBe('')
  })

  it('reports a syntax error', async () => {
    await expect(async () => renderer.render('{% for %}', event)).rejects.toThrow()
  })

  it('refuses a template over the length limit', async () => {
    await expect(async () => renderer.render('x'.repeat(MAX_TEMPLATE_LENGTH + 1), event)).rejects.toThrow(/limit/)
  })
})
