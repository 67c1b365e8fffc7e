import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type HttpReceiver, startHttpReceiver } from '../../../test/harness/http-receiver.ts'
import { createHttpOutbound } from './http-outbound.ts'

const settingsOf = (values: Record<string, unknown>) => (name: string) => values[name]
const loopback = { 'Sluice.outbound_allow_list': ['127.0.0.0/8'] }

describe('createHttpOutbound', () => {
  let receiver: HttpReceiver
  beforeAll(async () => {
    receiver = await startHttpReceiver()
  })
  afterAll(() => receiver.close())

  it('sends the request and answers status, headers and body', async () => {
    receiver.answer = { status: 201, body: '{"a":1}', headers: { 'X-Reply': 'yes' } }
    const http = createHttpOutbound({ settings: settingsOf(loopback), trustedOrigins: () => [] })
    const response = await http({ url: `${receiver.url}/p`, method: 'post', body: 'hi', headers: { 'X-A': 'b' } })
    expect(response).toMatchObject({ status: 201, body: '{"a":1}' })
    expect(response.headers['x-reply']).toBe('yes')
    expect(receiver.requests.at(-1)).toMatchObject({ method: 'POST', url: '/p', body: 'hi' })
  })

  it('refuses an answer over the size cap', async () => {
    receiver.answer = { body: 'x'.repeat(5000) }
    const http = createHttpOutbound({
      settings: settingsOf({ ...loopback, 'Sluice.outbound_max_response_bytes': 1000 }),
      trustedOrigins: () => [],
    })
    await expect(http({ url: receiver.url, method: 'GET' })).rejects.toMatchObject({
      code: 'SLC_OUTBOUND_FAILED',
      message: `the answer of ${receiver.url} is larger than 1000 bytes`,
    })
  })

  it('reaches a configured service without an allow-list entry', async () => {
    receiver.answer = {}
    const http = createHttpOutbound({ settings: settingsOf({}), trustedOrigins: () => [receiver.url] })
    expect((await http({ url: `${receiver.url}/modules`, method: 'GET' })).status).toBe(200)
  })

  it('connects a name admitted through an allowed network to the address it was checked at', async () => {
    receiver.answer = { body: 'pinned' }
    const port = new URL(receiver.url).port
    // A rebinding resolver: the check sees loopback, any later answer would point elsewhere.
    const answers = [[{ address: '127.0.0.1', family: 4 }], [{ address: '192.0.2.7', family: 4 }]]
    const http = createHttpOutbound({
      settings: settingsOf(loopback),
      trustedOrigins: () => [],
      resolveHost: async () => answers.shift() ?? [{ address: '192.0.2.7', family: 4 }],
    })
    // `rebind.invalid` has no DNS entry: only the pinned address can make this connection.
    const response = await http({ url: `http://rebind.invalid:${port}/pin`, method: 'GET' })
    expect(response.body).toBe('pinned')
    expect(receiver.requests.at(-1)).toMatchObject({ url: '/pin', headers: { host: `rebind.invalid:${port}` } })
    await expect(http({ url: `http://rebind.invalid:${port}/pin`, method: 'GET' })).rejects.toMatchObject({
      code: 'SLC_OUTBOUND_REFUSED',
    })
  })

  it('refuses other schemes', async () => {
    const http = createHttpOutbound({
      settings: settingsOf({ 'Sluice.outbound_allow_list': ['*'] }),
      trustedOrigins: () => [],
    })
    await expect(http({ url: 'file:///etc/passwd', method: 'GET' })).rejects.toMatchObject({
      code: 'SLC_OUTBOUND_REFUSED',
    })
  })

  it('verifies TLS certificates unless told not to', async () => {
    // A self-signed certificate made for this test (CN=localhost).
    const { cert, key } = await selfSigned()
    const server = createServer({ cert, key }, (_request, response) => response.end('tls ok'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`
    try {
      const http = createHttpOutbound({ settings: settingsOf(loopback), trustedOrigins: () => [] })
      await expect(http({ url, method: 'GET' })).rejects.toMatchObject({ code: 'SLC_OUTBOUND_FAILED' })
      expect((await http({ url, method: 'GET', verifyTls: false })).body).toBe('tls ok')
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

/** A throwaway self-signed certificate, made with openssl. */
async function selfSigned(): Promise<{ cert: string; key: string }> {
  const { execFileSync } = await import('node:child_process')
  const { mkdtempSync, readFileSync, rmSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const dir = mkdtempSync(join(tmpdir(), 'sluice-tls-'))
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    )
    return { cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8') }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
