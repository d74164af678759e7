// A root context: one plugin configuration inside the VM. The host creates one per plugin (root
// id), so several plugins can share a VM, each with its own config, streams and timer.

import { HttpStreamContext } from "./http_stream_context";
import { TickScheduler } from "./ticks";

/** Base class of a plugin's root context; override what the plugin needs. */
export class RootContext {
  /** Periodic tasks multiplexed over this root's host timer. */
  readonly ticks: TickScheduler = new TickScheduler();

  constructor(
    /** The host's id for this root context. */
    public readonly contextId: u32,
    /** The plugin's root id (Envoy `root_id`, property `plugin_root_id`). */
    public readonly rootId: string,
  ) {}

  /** The VM started for this plugin; false makes the host refuse the plugin. */
  onVmStart(vmConfigurationSize: usize): bool {
    return true;
  }

  /** A (new) plugin configuration arrived; false makes the host refuse it. */
  onConfigure(pluginConfigurationSize: usize): bool {
    return true;
  }

  /** The host timer fired; the tick scheduler has already run the tasks that were due. */
  onTick(): void {}

  /** A message arrived on a shared queue this root registered. */
  onQueueReady(queueId: u32): void {}

  /** The plugin is being removed; false defers deletion until hostcalls.done(). */
  onDone(): bool {
    return true;
  }

  /** Last call for this root context. */
  onDelete(): void {}

  /** A new HTTP stream for this plugin; null lets the stream pass untouched. */
  newHttpContext(contextId: u32): HttpStreamContext | null {
    return null;
  }
}
