// What host-function implementations see of the host: the VM, the contexts, the stores, and the
// HTTP flow that receives deferred actions. MockHost builds one and passes it to each hostcalls/ file.

import type { CalloutRegistry } from "./callouts.js";
import type { Context, ContextRegistry } from "./contexts.js";
import type { HttpFlow } from "./http-flow.js";
import type { LogStore } from "./log-store.js";
import type { MetricRegistry } from "./metrics.js";
import type { PropertyStore } from "./properties.js";
import type { SharedData, SharedQueues } from "./shared-data.js";
import type { AbiVersionName, HeaderPairs, HostFlavor } from "./types.js";
import type { Vm } from "./vm.js";

/** Options after defaults were applied, plus the ABI version the module selected. */
export interface HostSettings {
  abi: AbiVersionName;
  flavor: HostFlavor;
  vmId: string;
  vmConfig: Uint8Array;
  environment: Array<[string, string]>;
  foreignFunctions: Map<string, (args: Uint8Array) => Uint8Array>;
  upstreamHosts: HeaderPairs;
}

export interface HostEnv {
  readonly vm: Vm;
  readonly flow: HttpFlow;
  readonly contexts: ContextRegistry;
  readonly settings: HostSettings;
  readonly callouts: CalloutRegistry;
  readonly properties: PropertyStore;
  readonly metrics: MetricRegistry;
  readonly sharedData: SharedData;
  readonly queues: SharedQueues;
  readonly logs: LogStore;
  /** Records host-side misuse a test should see (continue when not paused, ...). */
  reportError(message: string): void;
  /** Deletes a root context whose proxy_done arrived (on_delete, then removal). */
  deleteRoot(contextId: number): void;
}

/** The context host calls act on: the effective context if one is set, else the caller's; undefined for the VM context. */
export function currentContext(env: HostEnv): Context | undefined {
  return env.contexts.get(env.vm.contextOrEffectiveId());
}
