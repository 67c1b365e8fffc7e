/**
 * A local Jinja renderer for parameters MISP marks `jinja_supported` (spec/ENGINE.md §5.3).
 * MISP delegates rendering to misp-modules' sandboxed Jinja2; Sluice renders in-process with
 * `@huggingface/jinja`, which has no access to JavaScript objects' internals (no
 * `constructor`, no prototype walking), so a hostile template cannot reach the process. The
 * template variables are the top-level keys of the data view, as in MISP.
 *
 * Rendering is synchronous on the event loop, so a template is also given a work budget: a
 * template written to loop (`range(10**8)`, nested loops) or to allocate (a string doubled in a
 * loop) fails with an error naming the limit instead of stalling every request of the process.
 */
import { Environment, Interpreter, parse as parseTokens, tokenize } from '@huggingface/jinja'
import type { TemplateRenderer, TemplateSource } from '../../engine/index.ts'
import { secretParamsOf } from '../secret-params.ts'

/** Templates longer than this are refused: parameters are short texts, not programs. */
export const MAX_TEMPLATE_LENGTH = 64 * 1024

/**
 * Work units one render may spend: one per expression or statement evaluated, plus one per item
 * of every list or mapping it produces or reads (each may be looped over). Rendering a template
 * over every attribute of an event with tens of thousands of attributes stays under it.
 */
export const MAX_RENDER_STEPS = 200_000

/** The longest text a template may compute (the text it reads from the data is not limited). */
export const MAX_COMPUTED_TEXT_LENGTH = 16 * 1024 * 1024

/** The most numbers `range()` gives, as a list that long is only ever made to loop. */
export const MAX_RANGE_LENGTH = 100_000

const MAX_CACHED_TEMPLATES = 256

// The package's declarations import their siblings without extensions, which this project's
// module resolution cannot follow; these are the few members used here.
interface Statement {
  type: string
}
/** A parsed template (the package's `Program`). */
type Program = ReturnType<typeof parseTokens>
interface RuntimeValue {
  value: unknown
}
interface JinjaEnvironment {
  set(name: string, value: unknown): unknown
}
interface JinjaInterpreter {
  evaluate(statement: Statement | undefined, environment: JinjaEnvironment): RuntimeValue
  run(program: unknown): RuntimeValue
}
const BaseInterpreter = Interpreter as unknown as new (environment: JinjaEnvironment) => JinjaInterpreter
const BaseEnvironment = Environment as unknown as new () => JinjaEnvironment

/**
 * A limit of this renderer was hit. Its message names the limit and never quotes the template,
 * so it is shown as it is even for a secret parameter.
 */
class TemplateLimitError extends Error {}

/** Node types whose value is made by the template, not read from the data. */
const COMPUTING_NODES = new Set(['BinaryExpression', 'FilterExpression', 'CallExpression', 'FilterStatement'])

/** An interpreter that counts its work and refuses to go past the budget. */
class BudgetedInterpreter extends BaseInterpreter {
  private spent = 0

  override evaluate(statement: Statement | undefined, environment: JinjaEnvironment): RuntimeValue {
    const value = super.evaluate(statement, environment)
    this.spent += 1 + itemCount(value)
    if (this.spent > MAX_RENDER_STEPS) {
      throw new TemplateLimitError(
        `the template does too much work (over ${MAX_RENDER_STEPS} steps); simplify its loops`,
      )
    }
    if (
      statement !== undefined &&
      COMPUTING_NODES.has(statement.type) &&
      typeof value.value === 'string' &&
      value.value.length > MAX_COMPUTED_TEXT_LENGTH
    ) {
      throw new TemplateLimitError(`the template builds a text over ${MAX_COMPUTED_TEXT_LENGTH} characters long`)
    }
    return value
  }
}

function itemCount(value: RuntimeValue): number {
  const inner: unknown = value.value
  if (Array.isArray(inner)) return inner.length
  if (inner instanceof Map) return inner.size
  return 0
}

/** Jinja2's `range`, refusing lengths only a loop bomb asks for. */
function boundedRange(start: unknown, stop?: unknown, step: unknown = 1): number[] {
  const [from, to] = stop === undefined ? [0, start] : [start, stop]
  if (typeof from !== 'number' || typeof to !== 'number' || typeof step !== 'number') {
    throw new TemplateLimitError('range() takes integers')
  }
  if (step === 0) throw new TemplateLimitError('range() step must not be zero')
  const length = Math.max(0, Math.ceil((to - from) / step))
  if (length > MAX_RANGE_LENGTH)
    throw new TemplateLimitError(`range() of ${length} numbers; the limit is ${MAX_RANGE_LENGTH}`)
  return Array.from({ length }, (_, index) => from + index * step)
}

/** The globals of Jinja2 templates that MISP's examples use (`namespace` comes with the Environment). */
const GLOBALS: Record<string, unknown> = {
  true: true,
  false: false,
  none: null,
  True: true,
  False: false,
  None: null,
  range: boundedRange,
}

/**
 * Parses `source` with Jinja2's default whitespace rules, as MISP's misp-modules renders it:
 * line breaks (\r\n, \r) read as \n, one trailing newline dropped, and block tags keep the
 * newline after them and the indentation before them (`trim_blocks` and `lstrip_blocks` off;
 * the package's `Template` turns both on, for chat templates).
 */
function parseJinja2(source: string): Program {
  return parseTokens(tokenize(source.replace(/\r\n?/g, '\n'), { lstrip_blocks: false, trim_blocks: false }))
}

/** Whether `source` names a parameter that holds a secret (secret-params.ts). */
function isSecretSource(source: TemplateSource | undefined): boolean {
  return source !== undefined && secretParamsOf(source.moduleId).includes(source.paramId)
}

/**
 * The error to report for a template of a secret parameter that failed at `stage`. The parser's
 * and the interpreter's messages quote what they stumbled on (a token, a filter or statement
 * name, a value), which is a piece of the secret; the error reaches the run history, the
 * execution log and API answers, so it says what went wrong without any of it.
 */
function secretTemplateError(error: unknown, stage: 'parse' | 'render'): Error {
  if (error instanceof TemplateLimitError) return error
  const problem = stage === 'parse' ? 'has a syntax error' : 'failed to render'
  return new Error(
    `the template ${problem}; its text and the error's details are not shown, as the parameter holds a secret`,
  )
}

/** Creates a renderer; parsed templates are cached, since the same parameters render on every run. */
export function createJinjaRenderer(): TemplateRenderer {
  const cache = new Map<string, Program>()
  const parse = (source: string): Program => {
    let template = cache.get(source)
    if (!template) {
      if (source.length > MAX_TEMPLATE_LENGTH) {
        throw new TemplateLimitError(
          `the template is ${source.length} characters long; the limit is ${MAX_TEMPLATE_LENGTH}`,
        )
      }
      template = parseJinja2(source)
      if (cache.size >= MAX_CACHED_TEMPLATES) cache.delete(cache.keys().next().value as string)
      cache.set(source, template)
    }
    return template
  }
  const run = (program: Program, data: unknown): string => {
    const context =
      typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {}
    const environment = new BaseEnvironment()
    for (const [name, value] of Object.entries(GLOBALS)) environment.set(name, value)
    for (const [name, value] of Object.entries(context)) environment.set(name, value)
    return String(new BudgetedInterpreter(environment).run(program).value)
  }
  return {
    render(template, data, source) {
      if (!isSecretSource(source)) return run(parse(template), data)
      let program: Program
      try {
        program = parse(template)
      } catch (error) {
        throw secretTemplateError(error, 'parse')
      }
      try {
        return run(program, data)
      } catch (error) {
        throw secretTemplateError(error, 'render')
      }
    },
  }
}
