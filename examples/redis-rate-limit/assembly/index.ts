// redis-rate-limit: the Higress guide's Redis plugin, ported from Go: a fixed-window request
// limit shared by every gateway through Redis. Each request is held while one Lua script counts
// it (INCR, and EXPIRE when the window starts, in one round trip); over the limit it is answered
// 429, under it the request goes on with x-ratelimit-* response headers.
//
// Config:
//   serviceName    the Redis service as Higress lists it, suffix included ("redis.dns", "redis.static")
//   servicePort    its port (optional; default 6379)
//   username       Redis ACL user (optional)
//   password       Redis password (optional)
//   timeout        ms to wait for Redis (optional; default 1000)
//   limit          requests allowed per window and key
//   windowSeconds  window length (optional; default 60)
//   keyHeader      request header whose value is the key (optional; default: one counter for all)
//
// Redis trouble never blocks traffic (fail open): a call that cannot be sent, an error reply or a
// reply of the wrong shape is logged and the request goes on. Every path out of the headers
// handler ends the pause: either nothing was sent and the request continues at once, or exactly
// one callback resumes or answers it.

import {
  FQDNCluster,
  HeaderPair,
  HttpContext,
  JsonResult,
  NewRedisClusterClient,
  ParseConfig,
  ProcessRequestHeaders,
  ProcessResponseHeaders,
  RedisClient,
  RedisValue,
  RespType,
  SetCtx,
  encodeUtf8,
  proxywasm,
  types,
} from "higress-as";

// Counts one request and returns {count, seconds left in the window}. A key left without a TTL
// (an EXPIRE lost to a crash) gets one here, so a window always ends.
const COUNT_SCRIPT = `local count = redis.call('incr', KEYS[1])
local ttl = redis.call('ttl', KEYS[1])
if ttl < 0 then
  redis.call('expire', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

const KEY_PREFIX = "higress-rate-limit:";
const LIMIT = "limit";
const REMAINING = "remaining";

class RateLimitConfig {
  client: RedisClient = NewRedisClusterClient(new FQDNCluster());
  limit: i64 = 0;
  windowSeconds: i64 = 60;
  keyHeader: string = "";
}

function parseConfig(json: JsonResult, config: RateLimitConfig): Error | null {
  const name = json.Get("serviceName");
  const port = json.Get("servicePort");
  const serviceName = name.String();
  let servicePort = port.Int();
  if (servicePort == 0) servicePort = 6379;
  // Each message names the key and what the config holds, so an operator sees what to fix.
  if (serviceName.length == 0) return new Error("serviceName must name the Redis service, got " + (name.Exists() ? name.Raw() : "no serviceName"));
  if (servicePort < 0 || servicePort > 65535) return new Error("servicePort must be 1-65535, got " + port.Raw());
  config.limit = json.Get("limit").Int();
  if (config.limit <= 0) return new Error("limit must be a positive number of requests");
  const window = json.Get("windowSeconds");
  if (window.Exists()) config.windowSeconds = window.Int();
  if (config.windowSeconds <= 0) return new Error("windowSeconds must be positive");
  config.keyHeader = json.Get("keyHeader").String();
  let timeout = json.Get("timeout").Int();
  if (timeout <= 0) timeout = 1000;
  const cluster: FQDNCluster = { FQDN: serviceName, Port: servicePort, Host: "" };
  config.client = NewRedisClusterClient(cluster);
  return config.client.Init(json.Get("username").String(), json.Get("password").String(), timeout);
}

function onCount(response: RedisValue, ctx: HttpContext): void {
  const error = response.Error();
  if (error != null) {
    ctx.log.Errorf("rate limit not applied, redis answered: %s", [error.message]);
    proxywasm.ResumeHttpRequest();
    return;
  }
  const reply = response.Array();
  if (reply.length != 2 || reply[0].Type() != RespType.Integer || reply[1].Type() != RespType.Integer) {
    ctx.log.Errorf("rate limit not applied, unexpected reply from the script: %s", [response.String()]);
    proxywasm.ResumeHttpRequest();
    return;
  }
  const count = reply[0].Integer();
  const secondsLeft = reply[1].Integer();
  const limit = ctx.GetIntContext(LIMIT, 0);
  if (count > limit) {
    proxywasm.SendHttpResponse(429, [
      new HeaderPair("retry-after", secondsLeft.toString()),
      new HeaderPair("x-ratelimit-limit", limit.toString()),
      new HeaderPair("x-ratelimit-remaining", "0"),
    ], encodeUtf8("Too many requests\n"), -1);
    return;
  }
  ctx.SetContext<i64>(REMAINING, limit - count);
  proxywasm.ResumeHttpRequest();
}

function onHttpRequestHeaders(ctx: HttpContext, config: RateLimitConfig): types.Action {
  let key = "global";
  if (config.keyHeader.length > 0) {
    const value = proxywasm.GetHttpRequestHeader(config.keyHeader);
    key = "key:" + (value != null ? value : "");
  }
  // The callback cannot see the config: what it needs travels with the request.
  ctx.SetContext<i64>(LIMIT, config.limit);
  const err = config.client.Eval(COUNT_SCRIPT, 1, [KEY_PREFIX + key], [config.windowSeconds.toString()], onCount);
  if (err != null) {
    // Not sent: no callback will come, so the request goes on now.
    ctx.log.Errorf("rate limit not applied, redis call not sent: %s", [err.message]);
    return types.ActionContinue;
  }
  return types.HeaderStopAllIterationAndWatermark;
}

function onHttpResponseHeaders(ctx: HttpContext, config: RateLimitConfig): types.Action {
  if (ctx.HasContext(REMAINING)) {
    proxywasm.AddHttpResponseHeader("x-ratelimit-limit", config.limit.toString());
    proxywasm.AddHttpResponseHeader("x-ratelimit-remaining", ctx.GetIntContext(REMAINING, 0).toString());
  }
  return types.ActionContinue;
}

SetCtx<RateLimitConfig>("redis-rate-limit", [
  ParseConfig<RateLimitConfig>(parseConfig),
  ProcessRequestHeaders<RateLimitConfig>(onHttpRequestHeaders),
  ProcessResponseHeaders<RateLimitConfig>(onHttpResponseHeaders),
]);
