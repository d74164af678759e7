// The plugin (root) context handed to parse functions and tick functions: plugin-level storage,
// rule-level config isolation, and leader election over shared data.

import { LogLevel, WasmResult } from "../abi/enums";
import * as hostcalls from "../abi/hostcalls";
import { decodeBuffer, encodeUtf8 } from "../abi/utf8";
import { Log } from "../log/log";
import { RootContext } from "../runtime/root_context";
import { TickHandler } from "../runtime/ticks";
import { ContextStore } from "./context_store";
import { parseJson } from "../json/json_parse";
import { quoteJson } from "../json/json_text";
import { hexDigits } from "../encoding/hex";

/** Seconds a leader lease lasts without renewal (wasm-go's value). */
export const LEADER_LEASE_SECONDS: i64 = 60;
/** Prefix of the shared-data key that holds a plugin's leader lease. */
@lazy export const VM_LEASE_KEY_PREFIX = "higress_wasm_vm_lease:";

let vmIdentity: string | null = null;

// One id per VM, so the workers of one plugin can tell their leases apart.
function vmId(): string {
  let id = vmIdentity;
  if (id == null) {
    id = "";
    for (let i = 0; i < 4; i++) id += hexDigits(<u32>(Math.random() * 4294967296.0), 8);
    vmIdentity = id;
  }
  return id;
}

/** Base of the wrapper's root context; what Go's `wrapper.PluginContext` offers. */
export class PluginContext extends RootContext {
  /** The plugin's logger (WithLogger replaces it). */
  log: Log;
  // Created on the first SetContext, so a plugin that stores nothing builds no store.
  private store: ContextStore | null = null;
  private ruleIsolation: bool = false;
  private leader: bool = false;
  private fingerPrint: string | null = null;

  constructor(contextId: u32, rootId: string, public readonly pluginName: string) {
    super(contextId, rootId);
    this.log = new Log(pluginName);
  }

  /** Stores a plugin-level value (kept across requests, dropped on reconfiguration). */
  SetContext<T>(key: string, value: T): void {
    let store = this.store;
    if (store == null) {
      store = new ContextStore();
      this.store = store;
    }
    store.set<T>(key, value);
  }

  /** A plugin-level value stored as a T (a reference type), or null. */
  GetContext<T>(key: string): T | null {
    const store = this.store;
    return store == null ? null : store.find<T>(key);
  }

  /** A plugin-level value stored as a T, or `fallback`. */
  GetContextOr<T>(key: string, fallback: T): T {
    const store = this.store;
    return store == null ? fallback : store.getOr<T>(key, fallback);
  }

  /** A `_rules_` item that fails to parse no longer fails the plugin: its last good JSON or nothing is used. */
  EnableRuleLevelConfigIsolation(): void {
    this.ruleIsolation = true;
  }

  /** Whether rule-level isolation is on. */
  IsRuleLevelConfigIsolation(): bool {
    return this.ruleIsolation;
  }

  /**
   * Identifies this plugin across the VMs of all workers: its name and root id. (Go leaves it
   * empty, so every plugin shares one leader lease; here each plugin has its own.)
   */
  GetFingerPrint(): string {
    let fingerPrint = this.fingerPrint;
    if (fingerPrint == null) {
      const name = hostcalls.getPropertyString(["plugin_name"]);
      const shown = name != null && name.length > 0 ? name : this.pluginName;
      fingerPrint = shown + "/" + this.rootId;
      this.fingerPrint = fingerPrint;
    }
    return fingerPrint;
  }

  /**
   * Takes or renews the plugin's leader lease in shared data (CAS-protected, 60 s); call it from
   * a tick function. Returns whether this VM leads now.
   */
  DoLeaderElection(): bool {
    const key = VM_LEASE_KEY_PREFIX + this.GetFingerPrint();
    const now = <i64>(hostcalls.getCurrentTimeNanoseconds() / 1000000000);
    const me = vmId();
    const lease = '{"vmID":' + quoteJson(me) + ',"timestamp":' + now.toString() + "}";
    const current = hostcalls.getSharedData(key);
    if (current == null) {
      this.leader = hostcalls.setSharedData(key, encodeUtf8(lease), 0) == WasmResult.Ok;
      return this.leader;
    }
    const parsed = parseJson(decodeBuffer(current.value));
    const holder = parsed.ok ? parsed.value.Get("vmID").String() : "";
    const stamp = parsed.ok ? parsed.value.Get("timestamp").Int() : 0;
    if (holder == me || now - stamp >= LEADER_LEASE_SECONDS) {
      this.leader = hostcalls.setSharedData(key, encodeUtf8(lease), current.cas) == WasmResult.Ok;
    } else {
      this.leader = false;
    }
    if (!this.leader && hostcalls.getLogLevel() <= LogLevel.Debug) this.log.Debug("leader election: lease held by " + holder);
    return this.leader;
  }

  /** Whether the last DoLeaderElection made this VM the leader. */
  IsLeader(): bool {
    return this.leader;
  }
}

/** A tick function (Go: `func()`); it gets the plugin context since it cannot capture it. */
export type TickFunc = (context: PluginContext) => void;

class TickFuncHandler extends TickHandler {
  constructor(public plugin: PluginContext, public fn: TickFunc) {
    super();
  }
  onTick(): void {
    this.fn(this.plugin);
  }
}

let configuring: PluginContext | null = null;

/** Marks which plugin is parsing its configuration, so RegisterTickFunc knows whose timer to use. */
export function setConfiguringPlugin(plugin: PluginContext | null): void {
  configuring = plugin;
}

/**
 * Runs `fn` every `periodMs` for the plugin whose configuration is being parsed. Call it from a
 * parse function or PrePluginStartOrReload (Go drops those registered in the latter); elsewhere
 * it returns false and registers nothing.
 */
export function RegisterTickFunc(periodMs: i64, fn: TickFunc): bool {
  const plugin = configuring;
  if (plugin == null || periodMs <= 0 || periodMs > <i64>u32.MAX_VALUE) return false;
  return plugin.ticks.add(<u32>periodMs, new TickFuncHandler(plugin, fn));
}
