/**
 * The decaying models this host offers (spec/ENGINE.md §4.3 `attach-decay-score`): MISP's
 * default "NIDS Simple Decaying Model" (the polynomial formula; its parameters and attribute
 * types are the published defaults of MISP's decaying-models collection). A data table.
 */
import type { DecayingModelInfo } from '../../engine/index.ts'

/** The built-in decaying models, by id. */
export const DECAYING_MODELS: readonly DecayingModelInfo[] = [
  {
    id: '1',
    name: 'NIDS Simple Decaying Model',
    description: 'Simple decaying model for Network Intrusion Detection System (NIDS).',
    formula: 'Polynomial',
    enabled: true,
    parameters: {
      lifetime: 120,
      decay_speed: 2,
      threshold: 30,
      default_base_score: 80,
      base_score_config: {
        'estimative-language:confidence-in-analytic-judgment': 0.1667,
        'estimative-language:likelihood-probability': 0.1667,
        'false-positive:risk': 0.1667,
        'priority-level': 0.1667,
        retention: 0.1667,
        'targeted-threat-index:targeting-sophistication-base-value': 0.0833,
        'targeted-threat-index:technical-sophistication-multiplier': 0.0833,
      },
    },
    attribute_types: [
      'domain',
      'domain|ip',
      'hostname',
      'hostname|port',
      'ip-dst',
      'ip-dst|port',
      'ip-src',
      'ip-src|port',
      'url',
      'snort',
      'suricata',
      'zeek',
      'bro',
    ],
  },
]
