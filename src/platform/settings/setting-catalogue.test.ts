import { describe, expect, it } from 'vitest'
import { createBuiltinRegistry } from '../../modules/index.ts'
import { checkSettingValue, settingCatalogue, triggerSettingName } from './setting-catalogue.ts'

const catalogue = settingCatalogue(createBuiltinRegistry().descriptors('trigger'))
const byName = (name: string) => catalogue.find((entry) => entry.name === name)!

describe('settingCatalogue', () => {
  it('holds MISP’s workflow settings and one switch per trigger', () => {
    expect(byName('Plugin.Workflow_enable')).toMatchObject({ type: 'boolean', default: false })
    expect(byName('Plugin.Workflow_debug_url').default).toBe('http://127.0.0.1:27051')
    expect(catalogue.filter((entry) => entry.name.startsWith('Plugin.Workflow_triggers_'))).toHaveLength(17)
    expect(byName(triggerSettingName('event-publish')).description).toBe('Enable/disable the `event-publish` trigger')
  })
})

describe('checkSettingValue', () => {
  it('reads booleans from MISP’s form strings', () => {
    const setting = byName('Plugin.Workflow_enable')
    expect(checkSettingValue(setting, '1')).toEqual({ ok: true, value: true })
    expect(checkSettingValue(setting, 'false')).toEqual({ ok: true, value: false })
    expect(checkSettingValue(setting, 0)).toEqual({ ok: true, value: false })
    expect(checkSettingValue(setting, 'maybe').ok).toBe(false)
  })
  it('checks numbers against their range', () => {
    const port = byName('Plugin.Action_services_port')
    expect(checkSettingValue(port, '6666')).toEqual({ ok: true, value: 6666 })
    expect(checkSettingValue(port, 70000)).toEqual({ ok: false, message: 'must be at most 65535' })
    expect(checkSettingValue(port, '')).toEqual({ ok: false, message: 'must be a number' })
  })
  it('takes only http and https URLs, without a trailing slash', () => {
    const url = byName('Plugin.Workflow_debug_url')
    expect(checkSettingValue(url, 'http://127.0.0.1:8080/sluice/debug-listener/')).toEqual({
      ok: true,
      value: 'http://127.0.0.1:8080/sluice/debug-listener',
    })
    expect(checkSettingValue(url, 'file:///etc/passwd').ok).toBe(false)
    expect(checkSettingValue(url, 42).ok).toBe(false)
  })
})
