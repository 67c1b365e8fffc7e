/**
 * The embedded deferred case in a process of its own (bench/deferred.ts `embeddedDeferredBothCores`):
 * `npm run bench` pins itself to one core for figures that compare across machines, but issue
 * #4's embedded target is stated for this 2-core machine, where V8's collector threads and the
 * kernel's writes can use the second core. Prints the figures as one JSON line.
 *
 *   node bench/deferred-embedded-process.ts <runs>
 */
import { embeddedDeferred } from './deferred.ts'

const figures = await embeddedDeferred(Number(process.argv[2] ?? 2000))
process.stdout.write(`${JSON.stringify(figures)}\n`)
