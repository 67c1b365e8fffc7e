/**
 * A local Jinja renderer for parameters MISP marks `jinja_supported` (spec/ENGINE.md §5.3).
 * MISP delegates rendering to misp-modules' sandboxed Jinja2; Sluice renders in-process with
 * `@huggingface/jinja`, which has no access to JavaScript objects' internals (no
 * `constructor`, no prototype walking), so a hostile template cannot reach the process. The
 * template variables are the top-level keys of the data view, as in MISP.
 */
import { Template } from '@huggingface/jinja'
import type { TemplateRenderer } from '../../engine/index.ts'

/** Templates longer than this are refused: parameters are short texts, not programs. */
export const MAX_TEMPLATE_LENGTH = 64 * 1024

const MAX_CACHED_TEMPLATES = 256

/** Creates a renderer; parsed templates are cached, since the same parameters render on every run. */
export function createJinjaRenderer(): TemplateRenderer {
  const cache = new Map<string, Template>()
  const parse = (source: string): Template => {
    let template = cache.get(source)
    if (!template) {
      if (source.length > MAX_TEMPLATE_LENGTH) {
        throw new Error(`the template is ${source.length} characters long; the limit is ${MAX_TEMPLATE_LENGTH}`)
      }
      template = new Template(source)
      if (cache.size >= MAX_CACHED_TEMPLATES) cache.delete(cache.keys().next().value as string)
      cache.set(source, template)
    }
    return template
  }
  return {
    render(source, data) {
      const context =
        typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {}
      return parse(source).render(context)
    },
  }
}
