/** The HTTP API (ARCHITECTURE.md §4): `buildApp(deps)` and the MISP texts its tests compare. */
export { type ApiApp, type AppDeps, buildApp, DEFAULT_BODY_LIMIT } from './app.ts'
export { parseTrustedProxies } from './trusted-proxies.ts'
export { AUTH_FAILED_MESSAGE } from './auth.ts'
export { INTERNAL_ERROR_MESSAGE, INVALID_JSON_MESSAGE, NOT_FOUND_MESSAGE } from './error-handler.ts'
export { INVALID_EVENT, PUBLISHED_MESSAGE, publishBlockedMessage } from './routes/events.ts'
export { ATTRIBUTE_DELETED } from './routes/attributes.ts'
