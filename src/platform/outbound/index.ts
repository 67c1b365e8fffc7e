/** The host's `Outbound` port: allow-listed HTTP, SMTP mail, the ZeroMQ publisher (docs/outbound.md). */
export { type AllowList, allowListEntries, parseAllowList } from './allow-list.ts'
export { configuredService, createOutbound, type HostOutbound, type OutboundOptions } from './create-outbound.ts'
export { ARBITRARY_URLS_OFF_MESSAGE, createHttpOutbound, redactUrl } from './http-outbound.ts'
export { createMailOutbound, resolveRecipients } from './mail-outbound.ts'
export * from './outbound-settings.ts'
export { createZmqPublisher, type ZmqPublisher, zeromqUnavailableMessage } from './zmq-publisher.ts'
