// add-header: stamps every request and response with `x-powered-by: higress-as` and answers
// requests under /admin with a local 403. Written on the runtime layer (RootContext,
// HttpStreamContext and the typed host calls); it needs no configuration.

import {
  FilterHeadersStatus,
  HeaderPair,
  HttpStreamContext,
  LogLevel,
  MapType,
  RootContext,
  encodeUtf8,
  hostcalls,
  registerRootContext,
} from "higress-as";

class AddHeader extends HttpStreamContext {
  onRequestHeaders(numHeaders: u32, endOfStream: bool): FilterHeadersStatus {
    const path = hostcalls.getHeaderMapValue(MapType.HttpRequestHeaders, ":path");
    if (path != null && (path == "/admin" || path.startsWith("/admin/") || path.startsWith("/admin?"))) {
      hostcalls.log(LogLevel.Info, "add-header: denied " + path);
      const body = encodeUtf8("admin area is closed\n");
      hostcalls.sendLocalResponse(403, "add-header denied", body, [new HeaderPair("x-powered-by", "higress-as")], -1);
      return FilterHeadersStatus.StopIteration;
    }
    hostcalls.replaceHeaderMapValue(MapType.HttpRequestHeaders, "x-powered-by", "higress-as");
    return FilterHeadersStatus.Continue;
  }

  onResponseHeaders(numHeaders: u32, endOfStream: bool): FilterHeadersStatus {
    hostcalls.replaceHeaderMapValue(MapType.HttpResponseHeaders, "x-powered-by", "higress-as");
    return FilterHeadersStatus.Continue;
  }
}

class AddHeaderPlugin extends RootContext {
  onConfigure(pluginConfigurationSize: usize): bool {
    hostcalls.log(LogLevel.Info, "add-header: configured");
    return true;
  }

  newHttpContext(contextId: u32): HttpStreamContext | null {
    return new AddHeader(contextId, this);
  }
}

registerRootContext("", (contextId: u32, rootId: string): RootContext => new AddHeaderPlugin(contextId, rootId));
