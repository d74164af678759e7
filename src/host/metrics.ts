// Custom metrics as Envoy keeps them (Context::defineMetric and friends): every define returns a new
// id whose low two bits are the metric type, and ids with the same name share one stat.

import { MetricType, WasmResult } from "./enums.js";

interface Stat {
  value: bigint;
  samples: bigint[];
}

const U64 = (v: bigint) => BigInt.asUintN(64, v);

export class MetricRegistry {
  private readonly stats = new Map<string, Stat>(); // "type:name"
  private readonly ids = new Map<number, { type: MetricType; stat: Stat }>();
  private readonly nextId = [4, 5, 6]; // per type, stepping by 4

  /** proxy_define_metric; null for an unknown type (BadArgument). */
  define(type: number, name: string): number | null {
    if (type > MetricType.Histogram) return null;
    const key = `${type}:${name}`;
    let stat = this.stats.get(key);
    if (!stat) {
      stat = { value: 0n, samples: [] };
      this.stats.set(key, stat);
    }
    const id = this.nextId[type];
    this.nextId[type] += 4;
    this.ids.set(id, { type: type as MetricType, stat });
    return id;
  }

  /** proxy_increment_metric: counters need a positive delta; gauges add or subtract. */
  increment(id: number, delta: bigint): WasmResult {
    const type = (id & 3) as MetricType;
    if (type === MetricType.Histogram || type > MetricType.Histogram) return WasmResult.BadArgument;
    const entry = this.ids.get(id);
    if (!entry) return WasmResult.NotFound;
    if (type === MetricType.Counter && delta <= 0n) return WasmResult.BadArgument;
    entry.stat.value = U64(entry.stat.value + delta);
    return WasmResult.Ok;
  }

  /** proxy_record_metric: a counter ADDS the value, a gauge is set, a histogram records a sample. */
  record(id: number, value: bigint): WasmResult {
    const entry = this.ids.get(id);
    if (!entry) return WasmResult.NotFound;
    const v = U64(value);
    if (entry.type === MetricType.Counter) entry.stat.value = U64(entry.stat.value + v);
    else if (entry.type === MetricType.Gauge) entry.stat.value = v;
    else entry.stat.samples.push(v);
    return WasmResult.Ok;
  }

  /** proxy_get_metric: histograms have no single value. */
  get(id: number): { result: WasmResult; value: bigint } {
    const type = (id & 3) as MetricType;
    if (type !== MetricType.Counter && type !== MetricType.Gauge) return { result: WasmResult.BadArgument, value: 0n };
    const entry = this.ids.get(id);
    if (!entry) return { result: WasmResult.NotFound, value: 0n };
    return { result: WasmResult.Ok, value: entry.stat.value };
  }

  /** The stat defined under this type and name, if any. */
  byName(type: MetricType, name: string): { value: bigint; samples: bigint[] } | undefined {
    const stat = this.stats.get(`${type}:${name}`);
    return stat && { value: stat.value, samples: [...stat.samples] };
  }
}
