/**
 * A small Redis client speaking RESP2 over one TCP (or TLS) connection, shaped as BullMQ's
 * `IRedisClient` (bullmq/dist/esm/interfaces/redis-client.d.ts), so that BullMQ runs without
 * ioredis, which this project's lockfile does not carry (docs/queue.md). It implements exactly
 * the commands that interface lists, with ioredis' reply shapes: integers as numbers, bulk
 * strings as strings, nil as null, `HGETALL` as an object, pipelines and `MULTI` answering
 * `[[error, reply], …]`.
 *
 *   command(args) ─▶ encode *N $len … ─▶ socket ─▶ parse replies ─▶ resolve in order
 *                 └─ not connected yet: kept in the offline queue, sent once ready
 *
 * A lost connection rejects what was in flight (`Connection is closed.`, BullMQ's wording for
 * a retryable close) and reconnects with backoff until `quit()` or `disconnect()`.
 */
import { createHash } from 'node:crypto'
import { EventEmitter } from 'node:events'
import net from 'node:net'
import { Readable } from 'node:stream'
import tls from 'node:tls'

/** Where and how to connect (BullMQ passes these, plus options it keeps for itself). */
export interface RespOptions {
  host?: string
  port?: number
  db?: number
  username?: string
  password?: string
  tls?: boolean
  connectionName?: string
  [key: string]: unknown
}

/** An error Redis answered (`-ERR …`). */
export class RedisReplyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ReplyError'
  }
}

const CLOSED = 'Connection is closed.'

type Arg = string | number | Buffer
type Reply = string | number | null | Error | Reply[]

interface Pending {
  resolve(reply: Reply): void
  reject(error: Error): void
}

/** Parses `redis[s]://[user:password@]host[:port][/db]` into options. */
export function parseRedisUrl(url: string): RespOptions {
  const parsed = new URL(url)
  const db = parsed.pathname.replace(/^\//, '')
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(db !== '' ? { db: Number(db) } : {}),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: true } : {}),
  }
}

function encode(args: readonly Arg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)]
  for (const arg of args) {
    const body = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg))
    parts.push(Buffer.from(`$${body.length}\r\n`), body, Buffer.from('\r\n'))
  }
  return Buffer.concat(parts)
}

/** An incremental RESP2 parser: feed bytes, take whole replies. */
class ReplyParser {
  private buffer: Buffer = Buffer.alloc(0)
  private offset = 0

  feed(chunk: Buffer) {
    this.buffer = this.offset < this.buffer.length ? Buffer.concat([this.buffer.subarray(this.offset), chunk]) : chunk
    this.offset = 0
  }

  /** The next whole reply, or undefined when more bytes are needed. */
  next(): Reply | undefined {
    const start = this.offset
    const reply = this.read()
    if (reply === undefined) this.offset = start
    return reply
  }

  private line(): string | undefined {
    const end = this.buffer.indexOf('\r\n', this.offset)
    if (end === -1) return undefined
    const text = this.buffer.toString('utf8', this.offset, end)
    this.offset = end + 2
    return text
  }

  private read(): Reply | undefined {
    if (this.offset >= this.buffer.length) return undefined
    const type = String.fromCharCode(this.buffer[this.offset]!)
    this.offset++
    const line = this.line()
    if (line === undefined) return undefined
    switch (type) {
      case '+':
        return line
      case '-':
        return new RedisReplyError(line)
      case ':':
        return Number(line)
      case '$': {
        const length = Number(line)
        if (length < 0) return null
        if (this.offset + length + 2 > this.buffer.length) return undefined
        const text = this.buffer.toString('utf8', this.offset, this.offset + length)
        this.offset += length + 2
        return text
      }
      case '*': {
        const count = Number(line)
        if (count < 0) return null
        const items: Reply[] = []
        for (let index = 0; index < count; index++) {
          const item = this.read()
          if (item === undefined) return undefined
          items.push(item)
        }
        return items
      }
      default:
        throw new Error(`Redis protocol error: unexpected reply type ${JSON.stringify(type)}`)
    }
  }
}

/** One Redis connection with BullMQ's client interface. */
export class RespClient extends EventEmitter {
  status = 'wait'
  readonly isCluster = false
  options: RespOptions
  private socket: net.Socket | null = null
  private parser = new ReplyParser()
  private inFlight: Pending[] = []
  private offline: Array<{ args: Arg[]; pending: Pending }> = []
  private scripts = new Map<string, { sha: string; lua: string; keys: number }>()
  private isEnding = false
  private attempts = 0
  private connecting: Promise<void> | null = null

  constructor(options: RespOptions = {}) {
    super()
    this.options = { ...options, maxRetriesPerRequest: null }
  }

  // ---- connection -------------------------------------------------------

  connect(): Promise<void> {
    if (this.status === 'ready') return Promise.resolve()
    this.isEnding = false
    this.connecting ??= this.open().finally(() => {
      this.connecting = null
    })
    return this.connecting
  }

  private open(): Promise<void> {
    this.status = 'connecting'
    return new Promise<void>((resolve, reject) => {
      const host = this.options.host ?? '127.0.0.1'
      const port = this.options.port ?? 6379
      const socket = this.options.tls ? tls.connect({ host, port, servername: host }) : net.connect({ host, port })
      socket.setNoDelay(true)
      this.socket = socket
      this.parser = new ReplyParser()
      let isOpen = false
      socket.on('data', (chunk) => this.onData(chunk))
      socket.once(this.options.tls ? 'secureConnect' : 'connect', () => {
        isOpen = true
        this.handshake().then(
          () => {
            this.attempts = 0
            this.status = 'ready'
            this.emit('connect')
            this.emit('ready')
            this.flushOffline()
            resolve()
          },
          (error) => {
            socket.destroy()
            reject(error)
          },
        )
      })
      socket.on('error', (error) => {
        if (!isOpen) reject(error)
        if (!this.isEnding) this.emit('error', error)
      })
      socket.on('close', () => this.onClose(socket))
    })
  }

  /** AUTH, SELECT, CLIENT SETNAME and the scripts, before anything queued goes out. */
  private async handshake() {
    const direct = (args: Arg[]) => this.send(args)
    if (this.options.password) {
      await direct(
        this.options.username
          ? ['AUTH', this.options.username, this.options.password]
          : ['AUTH', this.options.password],
      )
    }
    if (this.options.db) await direct(['SELECT', this.options.db])
    if (this.options.connectionName) await direct(['CLIENT', 'SETNAME', this.options.connectionName])
    for (const script of this.scripts.values()) await direct(['SCRIPT', 'LOAD', script.lua])
  }

  private onClose(socket: net.Socket) {
    if (this.socket !== socket) return
    this.socket = null
    const lost = this.inFlight
    this.inFlight = []
    for (const pending of lost) pending.reject(new Error(CLOSED))
    this.emit('close')
    if (this.isEnding) {
      this.status = 'end'
      for (const { pending } of this.offline.splice(0)) pending.reject(new Error(CLOSED))
      this.emit('end')
      return
    }
    this.status = 'reconnecting'
    this.emit('reconnecting')
    const delay = Math.min(50 * 2 ** this.attempts++, 2000)
    setTimeout(() => {
      if (!this.isEnding) this.connect().catch(() => {})
    }, delay).unref()
  }

  private onData(chunk: Buffer) {
    this.parser.feed(chunk)
    for (;;) {
      const reply = this.parser.next()
      if (reply === undefined) return
      const pending = this.inFlight.shift()
      if (!pending) continue
      if (reply instanceof Error) pending.reject(reply)
      else pending.resolve(reply)
    }
  }

  private flushOffline() {
    for (const { args, pending } of this.offline.splice(0)) this.send(args).then(pending.resolve, pending.reject)
  }

  /** Writes `args` now (the socket must be open). */
  private send(args: readonly Arg[]): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      if (!this.socket) return reject(new Error(CLOSED))
      this.inFlight.push({ resolve, reject })
      this.socket.write(encode(args))
    })
  }

  /** Sends one command, waiting for the connection if it is not ready. */
  call(...args: Arg[]): Promise<any> {
    if (this.status === 'ready') return this.send(args)
    if (this.status === 'end') return Promise.reject(new Error(CLOSED))
    if (this.status === 'wait') this.connect().catch(() => {})
    return new Promise((resolve, reject) => this.offline.push({ args, pending: { resolve, reject } }))
  }

  disconnect(reconnect = false): void {
    this.isEnding = !reconnect
    if (this.socket) this.socket.destroy()
    else if (!reconnect) {
      this.status = 'end'
      setImmediate(() => {
        this.emit('close')
        this.emit('end')
      })
    }
  }

  async quit(): Promise<string> {
    if (this.status === 'end') return 'OK'
    this.isEnding = true
    if (!this.socket) {
      this.disconnect()
      return 'OK'
    }
    const socket = this.socket
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    try {
      await this.send(['QUIT'])
    } catch {
      // Closed meanwhile: the same end.
    }
    socket.end()
    await closed
    return 'OK'
  }

  duplicate(overrides: RespOptions = {}): RespClient {
    const copy = new RespClient({ ...this.options, ...overrides })
    for (const [name, script] of this.scripts) copy.defineCommand(name, { numberOfKeys: script.keys, lua: script.lua })
    return copy
  }

  // ---- scripts ----------------------------------------------------------

  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void {
    const sha = createHash('sha1').update(definition.lua).digest('hex')
    this.scripts.set(name, { sha, lua: definition.lua, keys: definition.numberOfKeys })
    if (this.status === 'ready') this.call('SCRIPT', 'LOAD', definition.lua).catch(() => {})
  }

  private scriptArgs(name: string, args: unknown[]): { sha: string; lua: string; rest: Arg[] } {
    const script = this.scripts.get(name)
    if (!script) throw new Error(`BullMQ: unknown command "${name}"`)
    const list = (args.length === 1 && Array.isArray(args[0]) ? args[0] : args) as unknown[]
    const rest = list.map((value) =>
      Buffer.isBuffer(value) ? value : value === undefined || value === null ? '' : String(value),
    )
    return { sha: script.sha, lua: script.lua, rest: [script.keys, ...rest] }
  }

  async runCommand(name: string, args: unknown[]): Promise<any> {
    const { sha, lua, rest } = this.scriptArgs(name, args)
    try {
      return await this.call('EVALSHA', sha, ...rest)
    } catch (error) {
      if (!(error instanceof RedisReplyError) || !error.message.startsWith('NOSCRIPT')) throw error
      return this.call('EVAL', lua, ...rest)
    }
  }

  // ---- pipelines ----------------------------------------------------------

  multi(): RespBatch {
    return new RespBatch(this, true)
  }

  pipeline(): RespBatch {
    return new RespBatch(this, false)
  }

  /** @internal Sends a batch and answers `[[error, reply], …]` (null when MULTI was aborted). */
  async runBatch(commands: Arg[][], isAtomic: boolean): Promise<[Error | null, any][] | null> {
    if (!isAtomic) {
      const settled = await Promise.allSettled(commands.map((args) => this.call(...args)))
      return settled.map((result) =>
        result.status === 'fulfilled' ? [null, result.value] : [result.reason as Error, null],
      )
    }
    const queued = [['MULTI'], ...commands].map((args) => this.call(...args).catch((error: Error) => error))
    const exec = this.call('EXEC')
    await Promise.all(queued)
    const replies = (await exec) as Reply[] | null
    if (replies === null) return null
    return replies.map((reply) => (reply instanceof Error ? [reply, null] : [null, reply]))
  }

  /** @internal The EVALSHA arguments of a script call inside a batch. */
  batchScript(name: string, args: unknown[]): Arg[] {
    const { sha, rest } = this.scriptArgs(name, args)
    return ['EVALSHA', sha, ...rest]
  }

  // ---- commands, with ioredis' reply shapes -------------------------------

  async hgetall(key: string): Promise<Record<string, string>> {
    return pairsToObject((await this.call('HGETALL', key)) as string[])
  }
  hget(key: string, field: string): Promise<string | null> {
    return this.call('HGET', key, field)
  }
  hmget(key: string, ...fields: string[]): Promise<(string | null)[]> {
    return this.call('HMGET', key, ...fields.flat())
  }
  hset(key: string, data: Record<string, string | number>): Promise<number> {
    return this.call('HSET', key, ...Object.entries(data).flat())
  }
  hdel(key: string, ...fields: string[]): Promise<number> {
    return this.call('HDEL', key, ...fields.flat())
  }
  hexists(key: string, field: string): Promise<number> {
    return this.call('HEXISTS', key, field)
  }
  get(key: string): Promise<string | null> {
    return this.call('GET', key)
  }
  set(key: string, value: string | number, options?: { PX?: number; EX?: number }): Promise<string | null> {
    const extra: Arg[] = options?.PX != null ? ['PX', options.PX] : options?.EX != null ? ['EX', options.EX] : []
    return this.call('SET', key, value, ...extra)
  }
  del(...keys: string[]): Promise<number> {
    return this.call('DEL', ...keys.flat())
  }
  zrange(key: string, start: number, end: number, options?: { WITHSCORES?: boolean }): Promise<string[]> {
    return this.call('ZRANGE', key, start, end, ...(options?.WITHSCORES ? ['WITHSCORES'] : []))
  }
  zrevrange(key: string, start: number, end: number, options?: { WITHSCORES?: boolean }): Promise<string[]> {
    return this.call('ZREVRANGE', key, start, end, ...(options?.WITHSCORES ? ['WITHSCORES'] : []))
  }
  zcard(key: string): Promise<number> {
    return this.call('ZCARD', key)
  }
  zscore(key: string, member: string): Promise<string | null> {
    return this.call('ZSCORE', key, member)
  }
  lrange(key: string, start: number, end: number): Promise<string[]> {
    return this.call('LRANGE', key, start, end)
  }
  llen(key: string): Promise<number> {
    return this.call('LLEN', key)
  }
  ltrim(key: string, start: number, end: number): Promise<string> {
    return this.call('LTRIM', key, start, end)
  }
  lpos(key: string, value: string): Promise<number | null> {
    return this.call('LPOS', key, value)
  }
  smembers(key: string): Promise<string[]> {
    return this.call('SMEMBERS', key)
  }
  xadd(
    key: string,
    id: string,
    fields: Record<string, string | number>,
    options?: { MAXLEN?: number; approximate?: boolean },
  ): Promise<string> {
    const trim: Arg[] =
      options?.MAXLEN != null ? ['MAXLEN', ...(options.approximate !== false ? ['~'] : []), options.MAXLEN] : []
    return this.call('XADD', key, ...trim, id, ...Object.entries(fields).flat())
  }
  xread(streams: { key: string; id: string }[], options?: { BLOCK?: number; COUNT?: number }): Promise<any> {
    const extra: Arg[] = [
      ...(options?.BLOCK != null ? ['BLOCK', options.BLOCK] : []),
      ...(options?.COUNT != null ? ['COUNT', options.COUNT] : []),
    ]
    return this.call('XREAD', ...extra, 'STREAMS', ...streams.map((s) => s.key), ...streams.map((s) => s.id))
  }
  xtrim(key: string, strategy: 'MAXLEN', threshold: number, options?: { approximate?: boolean }): Promise<number> {
    return this.call('XTRIM', key, strategy, ...(options?.approximate !== false ? ['~'] : []), threshold)
  }
  bzpopmin(key: string, timeout: number): Promise<[string, string, string] | null> {
    return this.call('BZPOPMIN', key, timeout)
  }
  info(): Promise<string> {
    return this.call('INFO')
  }
  clientSetName(name: string): Promise<any> {
    return this.call('CLIENT', 'SETNAME', name)
  }
  clientList(): Promise<string> {
    return this.call('CLIENT', 'LIST')
  }
  clientInfo(): Promise<string> {
    return this.call('CLIENT', 'INFO')
  }
  scan(cursor: string | number, options: { MATCH?: string; COUNT?: number }): Promise<[string, string[]]> {
    const extra: Arg[] = [
      ...(options?.MATCH != null ? ['MATCH', options.MATCH] : []),
      ...(options?.COUNT != null ? ['COUNT', options.COUNT] : []),
    ]
    return this.call('SCAN', cursor, ...extra)
  }
  scanStream(options: { match: string; count?: number }): Readable {
    const client = this
    let cursor = '0'
    let isStarted = false
    return new Readable({
      objectMode: true,
      read: function (this: Readable) {
        // One SCAN page per read: each page's keys as one chunk, until the cursor comes back to 0.
        if (isStarted && cursor === '0') return void this.push(null)
        isStarted = true
        client.scan(cursor, { MATCH: options.match, COUNT: options.count }).then(
          ([next, keys]) => {
            cursor = next
            this.push(keys)
          },
          (error: Error) => this.destroy(error),
        )
      },
    })
  }
}

function pairsToObject(pairs: string[] | null): Record<string, string> {
  const object: Record<string, string> = {}
  for (let index = 0; pairs && index < pairs.length; index += 2) object[pairs[index]!] = pairs[index + 1]!
  return object
}

/** A pipeline or MULTI block: commands collected, sent together by `exec()`. */
export class RespBatch {
  private commands: Arg[][] = []
  private readonly client: RespClient
  private readonly isAtomic: boolean

  constructor(client: RespClient, isAtomic: boolean) {
    this.client = client
    this.isAtomic = isAtomic
  }

  private add(...args: Arg[]): this {
    this.commands.push(args)
    return this
  }
  hgetall(key: string) {
    return this.add('HGETALL', key)
  }
  hset(key: string, data: Record<string, string | number>) {
    return this.add('HSET', key, ...Object.entries(data).flat())
  }
  hscan(key: string, cursor: string | number, options?: { COUNT?: number }) {
    return this.add('HSCAN', key, cursor, ...(options?.COUNT != null ? ['COUNT', options.COUNT] : []))
  }
  smembers(key: string) {
    return this.add('SMEMBERS', key)
  }
  sscan(key: string, cursor: string | number, options?: { COUNT?: number }) {
    return this.add('SSCAN', key, cursor, ...(options?.COUNT != null ? ['COUNT', options.COUNT] : []))
  }
  zrange(key: string, start: number, end: number) {
    return this.add('ZRANGE', key, start, end)
  }
  lrange(key: string, start: number, end: number) {
    return this.add('LRANGE', key, start, end)
  }
  llen(key: string) {
    return this.add('LLEN', key)
  }
  del(...keys: string[]) {
    return this.add('DEL', ...keys.flat())
  }
  runCommand(name: string, args: unknown[]) {
    this.commands.push(this.client.batchScript(name, args))
    return this
  }
  async exec(): Promise<[Error | null, any][] | null> {
    const commands = this.commands
    this.commands = []
    const results = await this.client.runBatch(commands, this.isAtomic)
    // HGETALL inside a batch answers an object too, as ioredis does.
    return (
      results?.map(([error, reply], index) =>
        commands[index]![0] === 'HGETALL' && !error ? [null, pairsToObject(reply)] : [error, reply],
      ) ?? null
    )
  }
}
