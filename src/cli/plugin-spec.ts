// What Higress reads about a plugin besides its wasm: spec.yaml (name, version, phase, priority,
// config schema) and the WasmPlugin resource that deploys the image.

import { toYaml } from "./yaml-text.js";

/** The phases a WasmPlugin and spec.yaml accept, in the order Envoy runs them. */
export const PHASES = ["UNSPECIFIED_PHASE", "AUTHN", "AUTHZ", "STATS"] as const;
export type Phase = (typeof PHASES)[number];

/** The spec.yaml categories Higress knows. */
export const CATEGORIES = ["auth", "security", "protocol", "flow-control", "flow-monitor", "custom"] as const;

export interface PluginMeta {
  name: string;
  version: string;
  title?: string;
  description?: string;
  category: string;
  phase: Phase;
  priority: number;
}

/**
 * An OpenAPI v3 schema read off a sample config: each key with the type of its sample value. It is
 * a starting point; a plugin with a hand-written schema passes it with --schema.
 */
export function schemaOf(sample: unknown): Record<string, unknown> {
  if (Array.isArray(sample)) return sample.length > 0 ? { type: "array", items: schemaOf(sample[0]) } : { type: "array" };
  if (sample === null) return {};
  switch (typeof sample) {
    case "string":
      return { type: "string" };
    case "boolean":
      return { type: "boolean" };
    case "number":
      return { type: Number.isInteger(sample) ? "integer" : "number" };
    case "object": {
      const properties: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(sample as Record<string, unknown>)) {
        if (name === "_rules_") continue;
        properties[name] = schemaOf(value);
      }
      return { type: "object", properties };
    }
    default:
      return {};
  }
}

/** spec.yaml as Higress's image spec lays it out. */
export function specYaml(meta: PluginMeta, schema: Record<string, unknown>, example: Record<string, unknown> | undefined): string {
  // The schema describes the global config; rules are WasmPlugin matchRules, not config keys.
  const { _rules_: _rules, ...globalExample } = example ?? {};
  return toYaml({
    apiVersion: "1.0.0",
    info: {
      category: meta.category,
      name: meta.name,
      title: meta.title ?? meta.name,
      description: meta.description,
      version: meta.version,
    },
    spec: {
      phase: meta.phase,
      priority: meta.priority,
      configSchema: { openAPIV3Schema: example === undefined ? schema : { ...schema, example: globalExample } },
    },
  });
}

/**
 * The WasmPlugin resource for the image at `url`. `sha256` is the manifest digest as bare hex:
 * for an oci:// url that is what Higress checks, not the wasm file's own hash.
 */
export function wasmPluginYaml(meta: PluginMeta, url: string, sha256: string, config: Record<string, unknown>): string {
  const { defaultConfig, matchRules } = toWasmPluginConfig(config);
  return toYaml({
    apiVersion: "extensions.higress.io/v1alpha1",
    kind: "WasmPlugin",
    metadata: { name: meta.name, namespace: "higress-system" },
    spec: {
      url,
      sha256,
      imagePullPolicy: "IfNotPresent",
      phase: meta.phase,
      priority: meta.priority,
      defaultConfig,
      matchRules,
    },
  });
}

const MATCH_KEYS: Record<string, string> = { _match_route_: "ingress", _match_domain_: "domain", _match_service_: "service" };

/**
 * Splits a plugin config into a WasmPlugin's defaultConfig and matchRules: Higress turns each
 * matchRule back into one `_rules_` item (ingress → _match_route_, domain → _match_domain_,
 * service → _match_service_). Throws for a rule matchRules cannot express.
 */
export function toWasmPluginConfig(config: Record<string, unknown>): { defaultConfig: Record<string, unknown>; matchRules?: unknown[] } {
  const { _rules_: rules, ...defaultConfig } = config;
  if (rules === undefined) return { defaultConfig };
  if (!Array.isArray(rules)) throw new Error("'_rules_' must be an array");
  const matchRules = rules.map((rule, n) => {
    if (typeof rule !== "object" || rule === null || Array.isArray(rule)) throw new Error(`rule ${n} of '_rules_' is not an object`);
    const out: Record<string, unknown> = {};
    const ruleConfig: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(rule)) {
      if (name === "_match_route_prefix_") throw new Error(`rule ${n}: a WasmPlugin matchRule has no equivalent of '_match_route_prefix_'`);
      if (name in MATCH_KEYS) out[MATCH_KEYS[name]] = Array.isArray(value) ? value : [value];
      else ruleConfig[name] = value;
    }
    if (Object.keys(out).length === 0) throw new Error(`rule ${n}: needs '_match_route_', '_match_domain_' or '_match_service_'`);
    out.config = ruleConfig;
    return out;
  });
  return { defaultConfig, matchRules };
}
