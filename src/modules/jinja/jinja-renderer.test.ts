import { describe, expect, it } from 'vitest'
import {
  createJinjaRenderer,
  MAX_COMPUTED_TEXT_LENGTH,
  MAX_RANGE_LENGTH,
  MAX_RENDER_STEPS,
  MAX_TEMPLATE_LENGTH,
} from './jinja-renderer.ts'

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

  it('keeps whitespace as Jinja2 does by default (MISP renders with misp-modules)', async () => {
    const renderer = createJinjaRenderer()
    const data = { Event: { Attribute: [{ value: 'a' }, { value: 'b' }] } }
    // trim_blocks and lstrip_blocks are off: the newline after a block tag and the indentation
    // before it stay.
    const list = '{% for a in Event.Attribute %}\n  - {{ a.value }}\n  {% endfor %}\n'
    expect(await renderer.render(list, data)).toBe('\n  - a\n  \n  - b\n  ')
    // Line breaks read as \n; one trailing newline is dropped.
    expect(await renderer.render('one\r\ntwo\rthree\n', data)).toBe('one\ntwo\nthree')
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

describe('createJinjaRenderer budget', () => {
  it('refuses a range only a loop bomb asks for', async () => {
    await expect(async () => renderer.render('{{ range(100000000)|length }}', event)).rejects.toThrow(
      `range() of 100000000 numbers; the limit is ${MAX_RANGE_LENGTH}`,
    )
    expect(await renderer.render(`{{ range(${MAX_RANGE_LENGTH})|length }}`, event)).toBe(String(MAX_RANGE_LENGTH))
  })

  it('stops nested loops at the step budget', async () => {
    const nested = '{% for i in range(50000) %}{% for j in range(50000) %}{% endfor %}{% endfor %}'
    await expect(async () => renderer.render(nested, event)).rejects.toThrow(`over ${MAX_RENDER_STEPS} steps`)
  })

  it('stops a text doubled in a loop before it takes the memory', async () => {
    const doubling = "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
    await expect(async () => renderer.render(doubling, event)).rejects.toThrow(
      `the template builds a text over ${MAX_COMPUTED_TEXT_LENGTH} characters long`,
    )
  })

  it('reads long texts of the data as they are', async () => {
    const long = { Event: { info: 'x'.repeat(MAX_COMPUTED_TEXT_LENGTH + 1) } }
    expect(await renderer.render('{{ Event.info|length }}', long)).toBe(String(MAX_COMPUTED_TEXT_LENGTH + 1))
  })
})

describe('createJinjaRenderer with a secret parameter', () => {
  const headers = { moduleId: 'webhook', paramId: 'headers' }
  /** The message `template` fails with, as `source`'s template. */
  const failure = async (template: string, source?: typeof headers) => {
    const error = await Promise.resolve()
      .then(() => renderer.render(template, event, source))
      .then(
        () => null,
        (caught: Error) => caught,
      )
    expect(error, template).not.toBeNull()
    return (error as Error).message
  }

  it('reports a syntax or render error without quoting any of the template', async () => {
    const cases: Array<[template: string, problem: string]> = [
      ['Authorization: Bearer {% sk_live_9aQ %}', 'has a syntax error'],
      ['Authorization: {{ @sk_live_9aQ }}', 'has a syntax error'],
      ['Authorization: {{ "sk_live_9aQ" | sk_filter_9aQ }}', 'failed to render'],
    ]
    for (const [template, problem] of cases) {
      // The same template in a plain parameter names what went wrong, a piece of the template included.
      expect(await failure(template)).toMatch(/sk_|@/)
      const message = await failure(template, headers)
      expect(message).toContain(problem)
      expect(message).toContain('holds a secret')
      expect(message).not.toMatch(/sk_|@|Authorization|Bearer/)
    }
  })

  it('still names a limit it hits, which quotes nothing', async () => {
    expect(await failure('X-Key: {% for i in range(100000000) %}k{% endfor %}', headers)).toBe(
      `range() of 100000000 numbers; the limit is ${MAX_RANGE_LENGTH}`,
    )
  })

  it('renders as any other template when it is valid', async () => {
    expect(await renderer.render('X-Info: {{ Event.info }}', event, headers)).toBe('X-Info: Phishing')
  })
})
