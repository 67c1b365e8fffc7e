import { describe, expect, it } from 'vitest'
import { createDebugListener } from './debug-listener.ts'

describe('createDebugListener', () => {
  it('keeps the most recent posts, parsed as JSON whatever the content type, and tells subscribers', () => {
    const listener = createDebugListener({ capacity: 2, now: () => new Date(0) })
    const seen: number[] = []
    const stop = listener.subscribe((post) => seen.push(post.seq))
    listener.receive('event-publish', '/init?type=blocking', '{"data": 1}')
    listener.receive('event-publish', '/exec/x?result=success', 'not json')
    stop()
    listener.receive('event-publish', '/end?outcome=success', '')
    expect(seen).toEqual([1, 2])
    expect(listener.recent().map((post) => [post.seq, post.body])).toEqual([
      [2, 'not json'],
      [3, null],
    ])
    expect(listener.recent(2).map((post) => post.seq)).toEqual([3])
  })
  it('cuts a body larger than it keeps and says so', () => {
    const listener = createDebugListener({ maxBodyChars: 4 })
    const post = listener.receive('t', '/x', '{"abcdef": 1}')
    expect(post).toMatchObject({ body: '{"ab', is_truncated: true })
  })
})
