/**
 * A subset of PHP `sprintf`, enough for `Hash::format` / `Hash::combine` key formats
 * (spec/HASHPATH.md §9): `%%`, positional `%1$s`, flags `-`, `+`, `0`, space and `'c`, width,
 * precision, and the conversions b c d e E f F o s u x X.
 */
import { phpIntval, phpToString } from './php.ts'

const SPEC = /%(?:(\d+)\$)?([-+ 0]|'.)*(\d+)?(?:\.(\d+))?([bcdeEfFosuxX%])/g
const FLAGS = /[-+ 0]|'./g

/** PHP `sprintf($format, ...$args)` for the supported conversions; too few arguments is an Error, as in PHP 8. */
export function phpSprintf(format: string, args: readonly unknown[]): string {
  let next = 0
  return format.replace(SPEC, (whole, position: string | undefined, _flag, width, precision, conv: string) => {
    if (conv === '%') return '%'
    const index = position === undefined ? next++ : Number(position) - 1
    if (index >= args.length) throw new Error(`sprintf: ${args.length} arguments are not enough for "${format}"`)
    const flagText = whole.slice(1 + (position ? position.length + 1 : 0)).match(/^(?:[-+ 0]|'.)*/)![0]
    const flags = flagText.match(FLAGS) ?? []
    const body = convert(args[index], conv, precision === undefined ? undefined : Number(precision), flags)
    return pad(body, width === undefined ? 0 : Number(width), flags, conv)
  })
}

function convert(arg: unknown, conv: string, precision: number | undefined, flags: string[]): string {
  const plus = flags.includes('+')
  switch (conv) {
    case 's': {
      const s = phpToString(arg)
      return precision === undefined ? s : s.slice(0, precision)
    }
    case 'd': {
      const n = phpIntval(arg)
      return (plus && n >= 0 ? '+' : '') + String(n)
    }
    case 'u': {
      const n = phpIntval(arg)
      return n >= 0 ? String(n) : (BigInt(n) + 2n ** 64n).toString()
    }
    case 'f':
    case 'F':
      return (plus && Number(arg) >= 0 ? '+' : '') + toFloat(arg).toFixed(precision ?? 6)
    case 'e':
    case 'E': {
      const s = toFloat(arg)
        .toExponential(precision ?? 6)
        .replace(/e([+-])(\d)$/, 'e$1$2')
      return conv === 'E' ? s.toUpperCase() : s
    }
    case 'c':
      return String.fromCharCode(phpIntval(arg) & 0xff)
    default:
      return unsignedBase(phpIntval(arg), conv)
  }
}

function toFloat(arg: unknown): number {
  const n = typeof arg === 'number' ? arg : Number.parseFloat(phpToString(arg))
  return Number.isNaN(n) ? 0 : n
}

function unsignedBase(n: number, conv: string): string {
  const value = n >= 0 ? BigInt(n) : BigInt(n) + 2n ** 64n
  const radix = conv === 'b' ? 2 : conv === 'o' ? 8 : 16
  const s = value.toString(radix)
  return conv === 'X' ? s.toUpperCase() : s
}

function pad(body: string, width: number, flags: string[], conv: string): string {
  if (body.length >= width) return body
  const custom = flags.find((f) => f.startsWith("'"))
  const zero = flags.includes('0')
  const ch = custom ? custom[1] : zero ? '0' : ' '
  if (flags.includes('-')) return body + (ch === '0' ? ' ' : ch).repeat(width - body.length)
  if (ch === '0' && /[dfFeE]/.test(conv) && /^[+-]/.test(body)) {
    return body[0] + '0'.repeat(width - body.length) + body.slice(1)
  }
  return ch.repeat(width - body.length) + body
}
