// The public AssemblyScript API of higress-as. Plugins import from "higress-as" only; everything
// else under assembly/ is internal and may change.

export * from "./abi/enums";
export { HeaderPair } from "./abi/pairs";
export { HostStatus, SharedData } from "./abi/hostcalls";
export { RootContext } from "./runtime/root_context";
export { HttpStreamContext } from "./runtime/http_stream_context";
export { TickHandler, TickScheduler } from "./runtime/ticks";
export { HttpCallHandler, RedisCallHandler, dispatchHttpCall, dispatchRedisCall } from "./runtime/callouts";
export { RootContextFactory, registerRootContext } from "./runtime/dispatcher";
export { currentContextId } from "./runtime/contexts";

// The typed host calls, one per proxy-wasm host function: the documented escape hatch below the
// plugin API (`hostcalls.getHeaderMapValue(MapType.HttpRequestHeaders, ":path")`).
import * as hostcalls from "./abi/hostcalls";
export { hostcalls };
