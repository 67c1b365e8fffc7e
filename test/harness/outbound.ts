/**
 * The host's real Outbound for module tests, over a settings map the test controls (no
 * database needed unless mail is used): `outboundPorts({ 'Sluice.outbound_allow_list': ['127.0.0.1'] })`.
 */
import type { EnginePorts } from '../../src/engine/index.ts'
import { createJinjaRenderer } from '../../src/modules/index.ts'
import { createOutbound, type HostOutbound } from '../../src/platform/outbound/index.ts'
import type { Executor } from '../../src/store/index.ts'

/** Settings that allow loopback destinations, the usual test case. */
export const LOOPBACK_ONLY = { 'Sluice.outbound_allow_list': ['127.0.0.1'] }

/** A real Outbound plus the Jinja renderer, as a run's ports; `settings` can be changed between calls. */
export function outboundPorts(
  settings: Record<string, unknown> = { ...LOOPBACK_ONLY },
  db?: Executor,
): { ports: EnginePorts; outbound: HostOutbound; settings: Record<string, unknown> } {
  const outbound = createOutbound({ db: db as Executor, settings: (name) => settings[name] })
  return { ports: { outbound, templates: createJinjaRenderer() }, outbound, settings }
}
