// http-callout-auth: the Higress guide's external-auth plugin, ported from Go. Each request is
// held while the auth service answers `GET /api/auth` (with the request's Authorization header);
// 200 lets the request through, anything else answers 401 Unauthorized.
//
// Config:
//   serviceName  the auth service as Higress lists it, suffix included ("auth.dns", "auth.static")
//   servicePort  its port
//   serviceHost  the Host the call carries (optional; default serviceName)
//   timeout      ms to wait for the auth service (optional; default 1000)
//
// Every path out of the headers handler ends the pause: the call is either refused at once
// (answered 503 here) or sent, and a sent call always ends in exactly one callback, which either
// resumes the request or answers it. A failed call reaches the callback as status 503.

import {
  FQDNCluster,
  HeaderPair,
  HttpClient,
  HttpContext,
  JsonResult,
  NewClusterClient,
  ParseConfig,
  ProcessRequestHeaders,
  SetCtx,
  encodeUtf8,
  proxywasm,
  types,
} from "higress-as";

const AUTH_PATH = "/api/auth";

class AuthConfig {
  client: HttpClient = NewClusterClient(new FQDNCluster());
  timeout: u32 = 1000;
}

function parseConfig(json: JsonResult, config: AuthConfig): Error | null {
  const name = json.Get("serviceName");
  const port = json.Get("servicePort");
  const serviceName = name.String();
  const servicePort = port.Int();
  // Each message names the key and what the config holds, so an operator sees what to fix.
  if (serviceName.length == 0) return new Error("serviceName must name the auth service, got " + (name.Exists() ? name.Raw() : "no serviceName"));
  if (servicePort <= 0 || servicePort > 65535) return new Error("servicePort must be 1-65535, got " + (port.Exists() ? port.Raw() : "no servicePort"));
  const cluster: FQDNCluster = { FQDN: serviceName, Port: servicePort, Host: json.Get("serviceHost").String() };
  config.client = NewClusterClient(cluster);
  const timeout = json.Get("timeout");
  if (timeout.Exists()) {
    const ms = timeout.Int();
    if (ms <= 0 || ms > 60000) return new Error("timeout must be 1-60000 ms");
    config.timeout = <u32>ms;
  }
  return null;
}

function onAuthReply(statusCode: i32, responseHeaders: HeaderPair[], responseBody: ArrayBuffer, ctx: HttpContext): void {
  if (statusCode != 200) {
    ctx.log.Infof("auth service answered %d, request refused", [statusCode.toString()]);
    proxywasm.SendHttpResponse(401, [], encodeUtf8("Unauthorized"), -1);
    return;
  }
  proxywasm.ResumeHttpRequest();
}

function onHttpRequestHeaders(ctx: HttpContext, config: AuthConfig): types.Action {
  const headers = new Array<HeaderPair>();
  const authorization = proxywasm.GetHttpRequestHeader("authorization");
  if (authorization != null) headers.push(new HeaderPair("authorization", authorization));
  const err = config.client.Get(AUTH_PATH, headers, onAuthReply, config.timeout);
  if (err != null) {
    // Not sent (e.g. the cluster does not exist): no callback will come, so answer now.
    ctx.log.Errorf("auth call not sent: %s", [err.message]);
    proxywasm.SendHttpResponse(503, [], encodeUtf8("auth service unavailable"), -1);
    return types.ActionPause;
  }
  return types.HeaderStopAllIterationAndWatermark;
}

SetCtx<AuthConfig>("http-callout-auth", [
  ParseConfig<AuthConfig>(parseConfig),
  ProcessRequestHeaders<AuthConfig>(onHttpRequestHeaders),
]);
