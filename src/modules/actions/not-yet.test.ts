import { describe, expect, it } from 'vitest'
import { actionModules } from './index.ts'
import { isNotYet, notYet } from './not-yet.ts'

describe('notYet', () => {
  it('throws with the module id in backticks', () => {
    expect(notYet('webhook')).toThrow(new Error('module `webhook` cannot run in this host yet'))
  })

  for (const module of actionModules.filter((candidate) => isNotYet(candidate.exec))) {
    const id = module.descriptor.id
    it(`makes ${id} throw rather than succeed silently`, () => {
      expect(() => module.exec({} as never)).toThrow(`module \`${id}\` cannot run in this host yet`)
    })
  }
})
