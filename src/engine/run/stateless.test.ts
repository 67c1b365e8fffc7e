import { describe, expect, it } from 'vitest'
import { defineActionModule, defineLogicModule } from '../../modules/index.ts'
import { inMemoryLookups } from '../../format/index.ts'
import { executeModuleStateless } from './stateless.ts'

const probe = defineActionModule({
  id: 'probe',
  name: 'Probe',
  params: [{ id: 'note', type: 'input', default: 'fallback' }],
  exec(ctx) {
    ctx.errors.push(`${ctx.node.data.id}:${ctx.node.id}:${String(ctx.params.note)}:${ctx.roaming.getUser()?.email}`)
    ctx.setData({ ...ctx.data, seen: true })
    return true
  },
})

describe('executeModuleStateless', () => {
  it('runs the module on a synthetic node with the workflow user and returns its answer and data', async () => {
    const run = await executeModuleStateless(probe, { data: { Event: { id: '1' } } })
    expect(run).toEqual({
      success: true,
      errors: ['probe:1:fallback:SYSTEM'],
      data: { Event: { id: '1' }, seen: true },
    })
  })

  it('answers a logic module’s condition as success, as MISP’s module page shows it', async () => {
    const no = defineLogicModule({ id: 'no', name: 'No', exec: () => false })
    expect((await executeModuleStateless(no, { data: {} })).success).toBe(false)
  })

  it('lets a thrown error reach the caller', async () => {
    const boom = defineActionModule({
      id: 'boom',
      name: 'Boom',
      exec() {
        throw new Error('broken')
      },
    })
    await expect(executeModuleStateless(boom, { data: {} })).rejects.toThrow('broken')
  })

  it('reports MISP’s error when there is no workflow user', async () => {
    const backend = { ...inMemoryLookups(), workflowUser: async () => null }
    const run = await executeModuleStateless(probe, { data: {}, ports: { backend } })
    expect(run.success).toBe(false)
    expect(run.errors[0]).toMatch(/^Could not find a valid user to run the workflow/)
  })
})
