// The benchmark workload on the runtime layer, below SetCtx: a RootContext and an
// HttpStreamContext calling the string-typed `hostcalls`.

import { FilterHeadersStatus, HttpStreamContext, MapType, RootContext, hostcalls, registerRootContext } from "higress-as";

class WorkloadStream extends HttpStreamContext {
  onRequestHeaders(numHeaders: u32, endOfStream: bool): FilterHeadersStatus {
    for (let i = 0; i < 20; i++) {
      hostcalls.replaceHeaderMapValue(MapType.HttpRequestHeaders, "x-bench-header", "bench-value");
      hostcalls.getHeaderMapValue(MapType.HttpRequestHeaders, "x-bench-header");
      hostcalls.removeHeaderMapValue(MapType.HttpRequestHeaders, "x-bench-header");
    }
    return FilterHeadersStatus.Continue;
  }
}

class WorkloadRoot extends RootContext {
  newHttpContext(contextId: u32): HttpStreamContext | null {
    return new WorkloadStream(contextId, this);
  }
}

registerRootContext("", (contextId: u32, rootId: string): RootContext => new WorkloadRoot(contextId, rootId));
