import { afterEach, describe, expect, it } from 'vitest'
import {
  hasBearerToken,
  isLoopbackHost,
  type MetricsServer,
  type MetricsSource,
  resolveMetricsEndpoint,
  startMetricsServer,
} from './metrics-server.ts'

const EXPOSITION =
  '# TYPE sluice_runs_total counter\nsluice_runs_total{kind="trigger",trigger="t",outcome="success"} 3\n'

describe('resolveMetricsEndpoint', () => {
  it('is off without a port, from the flag or SLUICE_METRICS_PORT', () => {
    expect(resolveMetricsEndpoint({}, {})).toBeUndefined()
    expect(resolveMetricsEndpoint({}, { SLUICE_METRICS_PORT: '', SLUICE_METRICS_HOST: '0.0.0.0' })).toBeUndefined()
  })

  it('listens on 127.0.0.1 by default, without a token', () => {
    expect(resolveMetricsEndpoint({ metricsPort: '9464' }, {})).toEqual({ host: '127.0.0.1', port: 9464 })
    expect(resolveMetricsEndpoint({}, { SLUICE_METRICS_PORT: '0' })).toEqual({ host: '127.0.0.1', port: 0 })
  })

  it('prefers the flags to the environment', () => {
    const env = { SLUICE_METRICS_PORT: '9000', SLUICE_METRICS_HOST: '::1' }
    expect(resolveMetricsEndpoint({ metricsPort: '9001', metricsHost: 'localhost' }, env)).toEqual({
      host: 'localhost',
      port: 9001,
    })
    expect(resolveMetricsEndpoint({}, env)).toEqual({ host: '::1', port: 9000 })
    expect(resolveMetricsEndpoint({ metricsPort: '1', metricsHost: '[::1]' }, {})).toEqual({ host: '::1', port: 1 })
  })

  it('rejects ports that are not whole numbers from 0 to 65535, naming the flag', () => {
    for (const port of ['65536', '-1', 'abc', '80.5', '1e3', ' 80', '999999']) {
      expect(() => resolveMetricsEndpoint({ metricsPort: port }, {}), port).toThrow(/^--metrics-port /)
    }
    expect(() => resolveMetricsEndpoint({}, { SLUICE_METRICS_PORT: 'x' })).toThrow(/--metrics-port x/)
  })

  it('refuses a non-loopback host without SLUICE_METRICS_TOKEN, and takes it with one', () => {
    expect(() => resolveMetricsEndpoint({ metricsPort: '9464', metricsHost: '0.0.0.0' }, {})).toThrow(
      /--metrics-host 0\.0\.0\.0: .*SLUICE_METRICS_TOKEN/,
    )
    expect(() => resolveMetricsEndpoint({}, { SLUICE_METRICS_PORT: '1', SLUICE_METRICS_HOST: '10.0.0.5' })).toThrow(
      /--metrics-host/,
    )
    expect(
      resolveMetricsEndpoint({ metricsPort: '9464', metricsHost: '0.0.0.0' }, { SLUICE_METRICS_TOKEN: 'secret' }),
    ).toEqual({ host: '0.0.0.0', port: 9464, token: 'secret' })
  })

  it('refuses --metrics-host without a port, which would serve nothing', () => {
    expect(() => resolveMetricsEndpoint({ metricsHost: '127.0.0.1' }, {})).toThrow(
      /--metrics-host: needs --metrics-port/,
    )
  })
})

describe('isLoopbackHost', () => {
  it('accepts localhost, 127.0.0.0/8 and ::1 in their spellings', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(true)
    }
  })

  it('refuses every other address and any host name', () => {
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', '::2', 'metrics.example.org', '127.0.0.1.nip.io']) {
      expect(isLoopbackHost(host), host).toBe(false)
    }
  })
})

describe('hasBearerToken', () => {
  it('matches `Bearer <token>` only, scheme in any case', () => {
    expect(hasBearerToken('Bearer s3cret', 's3cret')).toBe(true)
    expect(hasBearerToken('bearer  s3cret ', 's3cret')).toBe(true)
    expect(hasBearerToken('s3cret', 's3cret')).toBe(false)
    expect(hasBearerToken('Bearer s3cre', 's3cret')).toBe(false)
    expect(hasBearerToken('Bearer s3crett', 's3cret')).toBe(false)
    expect(hasBearerToken(undefined, 's3cret')).toBe(false)
  })
})

describe('startMetricsServer', () => {
  let server: MetricsServer | undefined
  const errors: unknown[] = []
  afterEach(async () => {
    await server?.close()
    server = undefined
    errors.length = 0
  })

  async function start(source: MetricsSource, token?: string) {
    server = await startMetricsServer({ host: '127.0.0.1', port: 0, token }, source, (error) => errors.push(error))
    return server.url
  }

  it('answers GET /metrics with the exposition on the port it picked for 0', async () => {
    const url = await start({ prometheusText: async () => EXPOSITION })
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9][0-9]*\/metrics$/)
    const answer = await fetch(url)
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(await answer.text()).toBe(EXPOSITION)
    const withQuery = await fetch(`${url}?name[]=sluice_runs_total`)
    expect(withQuery.status).toBe(200)
  })

  it('answers 404 for other paths and 405 for other methods', async () => {
    const url = await start({ prometheusText: async () => EXPOSITION })
    const other = await fetch(url.replace(/\/metrics$/, '/sluice/metrics'))
    expect(other.status).toBe(404)
    const posted = await fetch(url, { method: 'POST', body: 'x' })
    expect(posted.status).toBe(405)
    expect(posted.headers.get('allow')).toBe('GET, HEAD')
    const head = await fetch(url, { method: 'HEAD' })
    expect(head.status).toBe(200)
  })

  it('with a token, answers 401 without the bearer token and 200 with it', async () => {
    const url = await start({ prometheusText: async () => EXPOSITION }, 'k'.repeat(32))
    const none = await fetch(url)
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /)
    const wrong = await fetch(url, { headers: { Authorization: `Bearer ${'j'.repeat(32)}` } })
    expect(wrong.status).toBe(401)
    // Unauthenticated callers do not learn which paths exist.
    expect((await fetch(url.replace(/\/metrics$/, '/x'))).status).toBe(401)
    const right = await fetch(url, { headers: { Authorization: `Bearer ${'k'.repeat(32)}` } })
    expect(right.status).toBe(200)
    expect(await right.text()).toBe(EXPOSITION)
  })

  it('answers 503 and reports the error when the exposition cannot be read', async () => {
    const url = await start({
      prometheusText: async () => {
        throw new Error('Redis is down')
      },
    })
    const answer = await fetch(url)
    expect(answer.status).toBe(503)
    expect(errors.map((error) => (error as Error).message)).toEqual(['Redis is down'])
  })

  it('names the flags when the port is taken', async () => {
    const url = await start({ prometheusText: async () => EXPOSITION })
    const port = Number(new URL(url).port)
    await expect(startMetricsServer({ host: '127.0.0.1', port }, {}, () => {})).rejects.toMatchObject({
      code: 'SLC_LISTEN',
      message: expect.stringMatching(/the port is in use; choose another with --metrics-host\/--metrics-port/),
    })
  })

  it('closes while a scraper keeps its connection open', async () => {
    const url = await start({ prometheusText: async () => EXPOSITION })
    await fetch(url, { headers: { Connection: 'keep-alive' } })
    const closing = server!.close()
    server = undefined
    await closing
    await expect(fetch(url)).rejects.toThrow()
  })
})
