import { describe, expect, it } from 'vitest'
import { defineActionModule } from '../../modules/index.ts'
import type { GraphNode, ParamDescriptor, TemplateRenderer } from '../contract/index.ts'
import { needsRendering, resolveParams } from './params.ts'

const moduleWith = (params: ParamDescriptor[]) => defineActionModule({ id: 'm', name: 'M', params, exec: () => true })

const nodeWith = (indexed_params: Record<string, unknown> | unknown[] | undefined): GraphNode => ({
  id: 2,
  data: { id: 'm', module_type: 'action', indexed_params },
})

/** A renderer that records its calls and replaces `{{ x }}` with the view's `x`. */
function recordingRenderer() {
  const calls: Array<[string, unknown]> = []
  const renderer: TemplateRenderer = {
    render(template, data) {
      calls.push([template, data])
      return template.replace('{{ x }}', String((data as { x: unknown }).x))
    },
  }
  return { renderer, calls }
}

const plain = [
  { id: 'a', type: 'input', default: 'default a' },
  { id: 'b', type: 'input' },
  { id: 'c', type: 'select', default: 'default c' },
]
const message = [{ id: 'message', type: 'textarea', default: 'Default {{ x }}', jinja_supported: true }]

describe('resolveParams', () => {
  it('takes the node’s value, else the declared default, else ""', async () => {
    const params = await resolveParams(moduleWith(plain), nodeWith({ c: 'set' }), () => ({}), undefined)
    expect(params).toEqual({ a: 'default a', b: '', c: 'set' })
  })

  it('falls back to the default for a null value', async () => {
    const params = await resolveParams(moduleWith(plain), nodeWith({ a: null }), () => ({}), undefined)
    expect(params.a).toBe('default a')
  })

  it('keeps "" as "" instead of taking the default, as MISP does', async () => {
    const params = await resolveParams(moduleWith(plain), nodeWith({ a: '', c: '' }), () => ({}), undefined)
    expect(params).toEqual({ a: '', b: '', c: '' })
  })

  it('keeps values that are not strings as they are', async () => {
    const params = await resolveParams(moduleWith(plain), nodeWith({ a: ['x', 'y'], b: 0 }), () => ({}), undefined)
    expect(params).toEqual({ a: ['x', 'y'], b: 0, c: 'default c' })
  })

  it('ignores keys the module does not declare', async () => {
    const params = await resolveParams(moduleWith(plain), nodeWith({ a: '1', extra: 'x' }), () => ({}), undefined)
    expect(Object.keys(params)).toEqual(['a', 'b', 'c'])
  })

  it('reads PHP’s `indexed_params: []` and a missing `indexed_params` as no values', async () => {
    for (const indexed of [[], undefined]) {
      const params = await resolveParams(moduleWith(plain), nodeWith(indexed), () => ({}), undefined)
      expect(params).toEqual({ a: 'default a', b: '', c: 'default c' })
    }
  })

  it('renders a Jinja-enabled value against the current data view', async () => {
    const { renderer, calls } = recordingRenderer()
    const view = { x: 'TLP:RED' }
    const params = await resolveParams(
      moduleWith(message),
      nodeWith({ message: 'Blocked: {{ x }}' }),
      () => view,
      renderer,
    )
    expect(params).toEqual({ message: 'Blocked: TLP:RED' })
    expect(calls).toEqual([['Blocked: {{ x }}', view]])
  })

  it('reads the data view afresh on each resolution', async () => {
    const { renderer } = recordingRenderer()
    const module = moduleWith(message)
    const node = nodeWith({ message: 'x is {{ x }}' })
    expect(await resolveParams(module, node, () => ({ x: 1 }), renderer)).toEqual({ message: 'x is 1' })
    expect(await resolveParams(module, node, () => ({ x: 2 }), renderer)).toEqual({ message: 'x is 2' })
  })

  it('never renders the default, as MISP does', async () => {
    const { renderer, calls } = recordingRenderer()
    for (const indexed of [{}, { message: null }]) {
      const params = await resolveParams(moduleWith(message), nodeWith(indexed), () => ({ x: 'y' }), renderer)
      expect(params).toEqual({ message: 'Default {{ x }}' })
    }
    expect(calls).toEqual([])
  })

  it('does not render "" ', async () => {
    const { renderer, calls } = recordingRenderer()
    const params = await resolveParams(moduleWith(message), nodeWith({ message: '' }), () => ({}), renderer)
    expect(params).toEqual({ message: '' })
    expect(calls).toEqual([])
  })

  it('does not render a parameter without `jinja_supported`', async () => {
    const { renderer, calls } = recordingRenderer()
    const params = await resolveParams(moduleWith(plain), nodeWith({ a: '{{ x }}' }), () => ({ x: 1 }), renderer)
    expect(params.a).toBe('{{ x }}')
    expect(calls).toEqual([])
  })

  it('passes plain text through without a renderer', async () => {
    const params = await resolveParams(moduleWith(message), nodeWith({ message: 'Blocked' }), () => ({}), undefined)
    expect(params).toEqual({ message: 'Blocked' })
  })

  it('throws `Jinja rendering failed…` for a template without a renderer', async () => {
    for (const template of ['{{ x }}', '{% if x %}y{% endif %}', '{# note #}']) {
      await expect(
        resolveParams(moduleWith(message), nodeWith({ message: template }), () => ({}), undefined),
      ).rejects.toThrow('Jinja rendering failed: no template renderer is available for parameter `message`')
    }
  })

  it('wraps a renderer’s error, naming the parameter', async () => {
    const renderer: TemplateRenderer = {
      render() {
        throw new Error('unexpected end of template')
      },
    }
    await expect(
      resolveParams(moduleWith(message), nodeWith({ message: '{{ x' }), () => ({}), renderer),
    ).rejects.toThrow('Jinja rendering failed for parameter `message`: unexpected end of template')
  })

  it('wraps an asynchronous renderer’s rejection too', async () => {
    const renderer: TemplateRenderer = { render: async () => Promise.reject(new Error('timeout')) }
    await expect(
      resolveParams(moduleWith(message), nodeWith({ message: '{{ x }}' }), () => ({}), renderer),
    ).rejects.toThrow('Jinja rendering failed for parameter `message`: timeout')
  })
})

describe('needsRendering', () => {
  it('answers plain text as itself without the renderer, and renders what Jinja could change', () => {
    expect(needsRendering('https://hooks.example/x')).toBe(false)
    expect(needsRendering('a } b { c')).toBe(false)
    expect(needsRendering('{{ Event.info }}')).toBe(true)
    expect(needsRendering('{% if x %}y{% endif %}')).toBe(true)
    expect(needsRendering('{# note #}')).toBe(true)
    // Jinja drops one trailing newline: such text must still go through the renderer.
    expect(needsRendering('line\n')).toBe(true)
    // …and reads \r\n and \r as \n.
    expect(needsRendering('one\r\ntwo')).toBe(true)
  })
})
