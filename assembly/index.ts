// The public AssemblyScript API of higress-as. Plugins import from "higress-as" only; everything
// else under assembly/ is internal and may change.

export * from "./abi/enums";
export { HeaderPair } from "./abi/pairs";
export { HostStatus, SharedData } from "./abi/hostcalls";
export { RootContext } from "./runtime/root_context";
export { HttpStreamContext } from "./runtime/http_stream_context";
export { TickHandler, TickScheduler } from "./runtime/ticks";
export { HttpCallHandler, RedisCallHandler, dispatchHttpCall, dispatchRedisCall } from "./runtime/callouts";
export { RootContextBuilder, RootContextFactory, registerRootContext, registerRootContextBuilder } from "./runtime/dispatcher";
export { currentContextId } from "./runtime/contexts";

// The typed host calls, one per proxy-wasm host function: the documented escape hatch below the
// plugin API (`hostcalls.getHeaderMapValue(MapType.HttpRequestHeaders, ":path")`).
import * as hostcalls from "./abi/hostcalls";
export { hostcalls };

// The Go-style plugin API (wasm-go's wrapper.SetCtx and friends).
export { SetCtx, CommonPluginCtx, CommonHttpCtx, RULES_KEY, PLUGIN_ID_KEY } from "./wrapper/plugin";
export {
  CtxOption,
  ParseConfigFunc,
  ParseConfigWithContextFunc,
  ParseRawConfigFunc,
  ParseRuleConfigFunc,
  ParseRawRuleConfigFunc,
  HttpHeadersFunc,
  HttpBodyFunc,
  HttpStreamingBodyFunc,
  HttpStreamDoneFunc,
  PluginStartOrReloadFunc,
  ParseConfig,
  ParseConfigWithContext,
  ParseRawConfig,
  ParseOverrideConfig,
  ParseOverrideRawConfig,
  ProcessRequestHeaders,
  ProcessRequestBody,
  ProcessStreamingRequestBody,
  ProcessRequestTrailers,
  ProcessResponseHeaders,
  ProcessResponseBody,
  ProcessStreamingResponseBody,
  ProcessResponseTrailers,
  ProcessStreamDone,
  PrePluginStartOrReload,
  WithLogger,
  WithMaxRequestBodyBytes,
  ParseConfigBy,
  ParseOverrideConfigBy,
  ProcessRequestHeadersBy,
  ProcessRequestBodyBy,
  ProcessStreamingRequestBodyBy,
  ProcessResponseHeadersBy,
  ProcessResponseBodyBy,
  ProcessStreamingResponseBodyBy,
  ProcessStreamDoneBy,
} from "./wrapper/options";
export { HttpContext, HTTPExecutionPhase, RouteResponseCallback, CustomLogKey, AILogKey, TraceSpanTagPrefix } from "./wrapper/http_context";
export { PluginContext, RegisterTickFunc, TickFunc, LEADER_LEASE_SECONDS, VM_LEASE_KEY_PREFIX } from "./wrapper/plugin_context";
export { JsonResult, JsonType } from "./json/json_result";
export { JsonParsed, parseJson, parseJsonBytes } from "./json/json_parse";
export { MarshalStr, UnmarshalStr } from "./json/json_text";
export { RuleMatcher, RuleMatch, RuleCategory, stripPort } from "./wrapper/rule_matcher";
export { proxywasm } from "./wrapper/proxywasm";
export { types } from "./wrapper/types";
export { GetRouteName, GetClusterName, GetPluginName, GetRequestId, IsResponseFromUpstream, GetPropertyInt, GetPropertyBool } from "./wrapper/properties";
export { Log, formatLog } from "./log/log";

// ── wasm-go's package-level log functions, host errors, property decoders, metrics and shared
// data (proxywasm.Define*Metric creates the metrics) ─────────────────────────────────────────────
export { log } from "./log/log";
export { WasmError } from "./wrapper/types";
export { DecodeInt64, DecodeBool } from "./wrapper/properties";
export { Counter, Gauge, Histogram } from "./wrapper/metrics";
export { SharedKV, SharedDataUpdater, SharedQueue, DEFAULT_UPDATE_ATTEMPTS } from "./wrapper/shared_data";

// ── HTTP callouts (wasm-go's cluster_wrapper.go and http_wrapper.go) ─────────────────────────────
export { Cluster, RouteCluster, TargetCluster, K8sCluster, NacosCluster, StaticIpCluster, DnsCluster, ConsulCluster, FQDNCluster } from "./http/cluster";
export { HttpClient, NewClusterClient, HttpCall, PluginHttpCall, ResponseCallback, PluginResponseCallback, DEFAULT_TIMEOUT_MS } from "./http/http_client";
export { GetHeaderValue, STATUS_NO_STATUS, STATUS_BAD_STATUS, STATUS_CALL_FAILED } from "./http/callout_reply";

// ── Redis (Higress only; a plugin that calls none of it imports no Redis host function) ─────────
export { NewRedisClusterClient, RedisClusterClient, RedisClient, RedisOption, WithDataBase, WithBufferFlushTimeout, WithMaxBufferSizeBeforeFlush, WithDisableBuffer, DEFAULT_BUFFER_FLUSH_TIMEOUT_MS, DEFAULT_MAX_BUFFER_SIZE_BEFORE_FLUSH } from "./redis/redis_client";
export { RedisCall, RedisResponseCallback, RedisPluginCallback } from "./redis/redis_call";
export { RedisValue, RespType } from "./redis/redis_value";
export { RespReader, encodeResp, MAX_RESP_DEPTH, MALFORMED_REPLY } from "./redis/resp";
export { formatGoFloat } from "./redis/float_text";

// ── Go standard library equivalents, imported as Go spells them:
//   import { base64, url, http, strings } from "higress-as";
//   base64.StdEncoding.DecodeString(s), url.Parse(u).value.Query().Get("k"), http.StatusOK,
//   strings.ToLower(s)
// A fallible call returns a Result: `.value` and `.err` (null on success), for Go's `v, err`. ──
export { Result } from "./errors/result";
import * as base64 from "./encoding/base64";
import * as url from "./net/url";
import * as http from "./net/http_status";
import * as strings from "./strings/strings";
export { base64, url, http, strings };
export { asciiToLower } from "./encoding/ascii";
// Go's `string(b)` and `[]byte(s)` for UTF-8 text: invalid bytes become U+FFFD (one per maximal
// invalid subpart, so no valid character after them is lost and an overlong '/' is no '/'), and a
// lone surrogate is encoded as U+FFFD, where String.UTF8's defaults would swallow or pass them.
export { decodeBuffer as decodeUtf8, encodeUtf8 } from "./abi/utf8";
