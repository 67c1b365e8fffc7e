/**
 * Crash test of the embedded queue (issue #4 "What must hold"): `sluice serve` on a SQLite data
 * folder with a non-blocking `attribute-after-save` workflow that posts each attribute to a
 * webhook receiver. 500 attributes are added over HTTP; while their runs drain and adds still
 * arrive, the server is SIGKILLed; a new server on the same folder finishes the work (the adds
 * that got no answer are sent again). Every attribute reaches the receiver (at least once: a run
 * the crash interrupted runs again), including every one whose add was answered before the
 * crash, the jobs table ends empty with no dead job, and the execution counter saw every run.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../src/store/index.ts'
import { call } from './harness/http.ts'
import { expectEveryRunRecorded, openEmbeddedSetUp, type ProcessSetUp, waitUntil } from './harness/queue-processes.ts'

const RUNS = 500
const KEY = 'q'.repeat(40)

describe('embedded queue: sluice serve SIGKILLed while 500 non-blocking runs drain', () => {
  let setUp: ProcessSetUp | undefined
  afterEach(async () => {
    await setUp?.cleanup()
    setUp = undefined
  })

  it('runs every one after a restart: none is lost', { timeout: 180_000 }, async () => {
    // Each post is answered after 40 ms and two jobs run at once: the drain outlasts the adds.
    setUp = await openEmbeddedSetUp({ name: 'crash', adminKey: KEY, receiverDelayMs: 40 })
    const { dbUrl: file, folder, receiver } = setUp

    const serve = () =>
      setUp!.start(['serve', '--data', folder, '--port', '0', '--concurrency', '2'], { SLUICE_ADMIN_KEY: KEY })
    const first = serve()
    const baseUrl = (await first.waitFor(/Sluice listening on (http:\/\/\S+)/))[1]!
    const event = await call(baseUrl, 'POST', '/events/add', { key: KEY, body: { Event: { info: 'Crash test' } } })
    expect(event.status, event.text).toBe(200)
    const eventId = event.json.Event.id
    // Adds run until the crash: a 200 means the attribute and its job were committed together.
    const unanswered: number[] = []
    const add = (url: string, index: number) =>
      call(url, 'POST', `/attributes/add/${eventId}`, {
        key: KEY,
        body: { type: 'domain', value: `crash-${index}.example` },
      })
        .then((added) => added.status === 200)
        .catch(() => false)
    let killed = false
    for (let start = 0; start < RUNS; start += 10) {
      const indexes = Array.from({ length: 10 }, (_, offset) => start + offset)
      const answers = await Promise.all(indexes.map((index) => add(baseUrl, index)))
      for (const [position, isAdded] of answers.entries()) if (!isAdded) unanswered.push(indexes[position]!)
      if (!killed && receiver.posts() >= 50) {
        // Crash while runs drain and adds are still arriving.
        await first.kill()
        killed = true
      }
    }
    if (!killed) {
      await waitUntil(
        () => receiver!.posts() >= 50,
        60_000,
        () => `only ${receiver!.posts()} posts arrived`,
      )
      await first.kill()
    }
    expect(receiver.markers().size).toBeLessThan(RUNS)

    const second = serve()
    const secondUrl = (await second.waitFor(/Sluice listening on (http:\/\/\S+)/))[1]!
    // What got no answer may or may not have been committed: add it again (a duplicate is harmless).
    for (const index of unanswered) expect(await add(secondUrl, index)).toBe(true)
    // Every attribute whose add answered 200 before the crash reaches the webhook: its job was committed with it.
    await waitUntil(
      () => receiver!.markers().size === RUNS,
      120_000,
      () => `${receiver!.markers().size} of ${RUNS} attributes reached the webhook after the restart`,
    )
    expect(await second.stop()).toBe(0)

    const store = await openDatabase(file)
    try {
      await expectEveryRunRecorded(store.db, RUNS)
    } finally {
      await store.close()
    }
    expect(receiver.posts()).toBeGreaterThanOrEqual(RUNS)
  })
})
