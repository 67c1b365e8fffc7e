import { afterEach, describe, expect, it, vi } from 'vitest'
import { isoWithOffset } from './debug-posts.ts'

const FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/

describe('isoWithOffset', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('writes `YYYY-MM-DDTHH:MM:SS+HH:MM`, like PHP’s date("c")', () => {
    for (const date of [new Date('2024-01-15T08:09:10Z'), new Date('2024-07-01T23:59:59.999Z'), new Date(0)]) {
      expect(isoWithOffset(date)).toMatch(FORMAT)
    }
  })

  it('names the same instant, to the second', () => {
    const date = new Date('2024-03-31T01:30:45.678Z')
    expect(Date.parse(isoWithOffset(date))).toBe(Date.parse('2024-03-31T01:30:45Z'))
  })

  it('writes the local offset of that date', () => {
    const date = new Date('2024-07-01T12:00:00Z')
    const minutes = -date.getTimezoneOffset()
    const sign = minutes >= 0 ? '+' : '-'
    const hours = String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')
    const rest = String(Math.abs(minutes) % 60).padStart(2, '0')
    expect(isoWithOffset(date).slice(-6)).toBe(`${sign}${hours}:${rest}`)
  })

  it('writes local time with the zone’s offset, half hours and negative offsets included', () => {
    const cases: Array<[string, string, string]> = [
      ['UTC', '2024-01-15T08:09:10Z', '2024-01-15T08:09:10+00:00'],
      ['Asia/Kolkata', '2024-07-01T20:00:00Z', '2024-07-02T01:30:00+05:30'],
      ['America/St_Johns', '2024-01-15T02:09:10Z', '2024-01-14T22:39:10-03:30'],
      ['America/St_Johns', '2024-07-01T12:00:00Z', '2024-07-01T09:30:00-02:30'],
    ]
    for (const [zone, instant, expected] of cases) {
      // Node re-reads the time zone when process.env.TZ is assigned.
      vi.stubEnv('TZ', zone)
      expect(isoWithOffset(new Date(instant))).toBe(expected)
    }
  })
})
