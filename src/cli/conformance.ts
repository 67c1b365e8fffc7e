/**
 * `npm run conformance -- FILE…`: runs conformance files (hash-path vectors, combine vectors,
 * MISP scenarios) and prints, per file, the failures by name, then `N passed, N failed`.
 * Exit 0 when everything passed, 1 when something failed, 2 when a file cannot be used.
 */
import { runConformanceJson } from '../conformance/index.ts'
import { readJsonFile } from './read-json.ts'

const files = process.argv.slice(2)
if (files.length === 0) {
  process.stderr.write('usage: npm run conformance -- FILE…\n')
  process.exit(2)
}
let passed = 0
let failed = 0
let unusable = false
for (const file of files) {
  try {
    const result = await runConformanceJson(await readJsonFile(file))
    const failures = result.cases.filter((c) => !c.ok)
    passed += result.cases.length - failures.length
    failed += failures.length
    process.stdout.write(
      `${file}: ${result.cases.length - failures.length} of ${result.cases.length} ${result.kind} cases pass\n`,
    )
    for (const failure of failures) {
      process.stdout.write(`  FAIL ${failure.name}\n`)
      for (const line of failure.failures.slice(0, 5)) process.stdout.write(`       ${line.slice(0, 400)}\n`)
    }
  } catch (error) {
    unusable = true
    process.stderr.write(`${file}: ${(error as Error).message}\n`)
  }
}
process.stdout.write(`${passed} passed, ${failed} failed\n`)
process.exitCode = unusable ? 2 : failed > 0 ? 1 : 0
