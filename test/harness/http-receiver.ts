/**
 * A real HTTP receiver on 127.0.0.1 for outbound tests: records every request (method, path,
 * headers, body) and answers what the test sets (status, body, delay), so webhook, Teams,
 * Telegram and Splunk HEC tests check exactly what went over the wire.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the receiver got. */
export interface ReceivedRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

/** What the receiver answers; a function may decide per request. */
export interface ReceiverAnswer {
  status?: number
  body?: string
  headers?: Record<string, string>
  /** Wait this long before answering (timeouts). */
  delayMs?: number
}

/** A running receiver. */
export interface HttpReceiver {
  /** `http://127.0.0.1:<port>` */
  url: string
  port: number
  requests: ReceivedRequest[]
  answer: ReceiverAnswer | ((request: ReceivedRequest) => ReceiverAnswer)
  close(): Promise<void>
}

/** Starts a receiver on a free port of 127.0.0.1. */
export async function startHttpReceiver(answer: HttpReceiver['answer'] = {}): Promise<HttpReceiver> {
  const receiver: HttpReceiver = { url: '', port: 0, requests: [], answer, close: async () => {} }
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const received: ReceivedRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      receiver.requests.push(received)
      const chosen = typeof receiver.answer === 'function' ? receiver.answer(received) : receiver.answer
      const send = () => {
        if (response.destroyed) return
        response.writeHead(chosen.status ?? 200, { 'Content-Type': 'application/json', ...(chosen.headers ?? {}) })
        response.end(chosen.body ?? '{"ok":true}')
      }
      if (chosen.delayMs) setTimeout(send, chosen.delayMs)
      else send()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  receiver.port = port
  receiver.url = `http://127.0.0.1:${port}`
  receiver.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return receiver
}

/** A port on 127.0.0.1 where nothing listens (a receiver that is down). */
export async function closedPort(): Promise<number> {
  const receiver = await startHttpReceiver()
  await receiver.close()
  return receiver.port
}
