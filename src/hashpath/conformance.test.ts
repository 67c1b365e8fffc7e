import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { type HashpathVector, runHashpathVector } from './vector-runner.ts'

function loadVectors(file: string): HashpathVector[] {
  const url = new URL(`../../../shared/conformance/${file}`, import.meta.url)
  return JSON.parse(readFileSync(url, 'utf8')) as HashpathVector[]
}

for (const file of ['hashpath-vectors.json', 'hashpath-combine-vectors.json']) {
  describe(`hashpath conformance: ${file}`, () => {
    const seen = new Map<string, number>()
    for (const vector of loadVectors(file)) {
      const count = (seen.get(vector.name) ?? 0) + 1
      seen.set(vector.name, count)
      const name = count === 1 ? vector.name : `${vector.name} (#${count})`
      it(name, () => {
        const result = runHashpathVector(vector)
        expect(result.message ?? '').toBe('')
        expect(result.ok).toBe(true)
      })
    }
  })
}
