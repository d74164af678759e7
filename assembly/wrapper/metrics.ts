// Custom metrics (Envoy stats under `wasmcustom.`), with proxy-wasm-go-sdk's names: a counter
// that only grows, a gauge that goes both ways, a histogram of samples.
//
// Differences from Go, all to avoid its panics (a panic kills the VM and every request on it):
// - a metric may be defined at module top level, where the host allows no call but logging: it is
//   defined with the host on first use instead (`const requests = proxywasm.DefineCounterMetric("requests")`
//   is the natural AssemblyScript spelling);
// - a failed definition is logged once, after which the metric's methods do nothing and return
//   the error;
// - Increment(0) does nothing (the host refuses a zero delta for a counter).
// Ids are cached by type and name for the whole VM, as the host keeps metrics per VM: defining a
// name again (another plugin, a reconfiguration) reuses the id instead of asking the host again.

import { MetricType } from "../abi/enums";
import * as hostcalls from "../abi/hostcalls";
import { log } from "../log/log";
import { currentContextId } from "../runtime/contexts";
import { types } from "./types";

// Lazy: compiled (with its Map<string, u32> code) only into plugins that define metrics.
@lazy const definedIds = new Map<string, u32>();

// A metric's name and type, and its host id once defined (0 until then).
class MetricDefinition {
  private id: u32 = 0;
  private failure: Error | null = null;

  constructor(
    readonly metricType: MetricType,
    readonly name: string,
  ) {
    this.resolve();
  }

  // The host id, defining the metric first if needed; 0 with failureOrWait() explaining why.
  resolve(): u32 {
    if (this.id != 0 || this.failure != null) return this.id;
    // Module top level: the host would refuse (and trap); the first use in a callback defines it.
    if (currentContextId() == 0) return 0;
    const key = (<i32>this.metricType).toString() + ":" + this.name;
    if (definedIds.has(key)) {
      this.id = definedIds.get(key);
      return this.id;
    }
    const id = hostcalls.defineMetric(this.metricType, this.name);
    if (id == 0) {
      const status = types.StatusToError(hostcalls.lastResult());
      // defineMetric reports failure by id 0; a host that also said Ok still failed.
      const failure: Error = status != null ? status : types.ErrorInternalFailure;
      this.failure = failure;
      log.Error("define metric " + this.name + " failed: " + failure.message);
      return 0;
    }
    definedIds.set(key, id);
    this.id = id;
    return id;
  }

  // Why resolve() gave 0.
  failureOrWait(): Error {
    const failure = this.failure;
    return failure != null ? failure : new Error("metric " + this.name + " used while the VM starts; use it from a callback");
  }
}

/** A counter (Go: MetricCounter); its value only grows. */
export class Counter {
  private definition: MetricDefinition;

  constructor(name: string) {
    this.definition = new MetricDefinition(MetricType.Counter, name);
  }

  /** The metric's name. */
  get name(): string {
    return this.definition.name;
  }

  /** Adds `offset`; 0 changes nothing. */
  Increment(offset: u64): Error | null {
    if (offset == 0) return null;
    const id = this.definition.resolve();
    if (id == 0) return this.definition.failureOrWait();
    return types.StatusToError(hostcalls.incrementMetric(id, <i64>offset));
  }

  /** The current value, 0 when it cannot be read. */
  Value(): u64 {
    const id = this.definition.resolve();
    return id == 0 ? 0 : hostcalls.getMetric(id);
  }
}

/** A gauge (Go: MetricGauge); its value goes up and down. */
export class Gauge {
  private definition: MetricDefinition;

  constructor(name: string) {
    this.definition = new MetricDefinition(MetricType.Gauge, name);
  }

  /** The metric's name. */
  get name(): string {
    return this.definition.name;
  }

  /** Adds `offset`, which may be negative. */
  Add(offset: i64): Error | null {
    const id = this.definition.resolve();
    if (id == 0) return this.definition.failureOrWait();
    return types.StatusToError(hostcalls.incrementMetric(id, offset));
  }

  /** The current value, 0 when it cannot be read. */
  Value(): i64 {
    const id = this.definition.resolve();
    return id == 0 ? 0 : <i64>hostcalls.getMetric(id);
  }
}

/** A histogram (Go: MetricHistogram); each Record is one sample. */
export class Histogram {
  private definition: MetricDefinition;

  constructor(name: string) {
    this.definition = new MetricDefinition(MetricType.Histogram, name);
  }

  /** The metric's name. */
  get name(): string {
    return this.definition.name;
  }

  /** Records one sample. */
  Record(value: u64): Error | null {
    const id = this.definition.resolve();
    if (id == 0) return this.definition.failureOrWait();
    return types.StatusToError(hostcalls.recordMetric(id, value));
  }
}
