// Envoy's inline headers: a built-in header (user-agent, :path, x-forwarded-for, grpc-status in a
// response...) holds one comma-joined value however it is added, while other names keep one
// entry per value (source/common/http/header_map_impl.cc insertByKey, envoy/http/header_map.h).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { MockHost } from "higress-as/host";
import { buildScripted, opResults, script } from "./build-fixture.js";

let plain;

before(async () => {
  plain = await buildScripted();
});

describe("inline headers", () => {
  it("add appends to an inline request header and adds a separate entry for any other", async () => {
    const host = await MockHost.create(plain, {
      config: script(
        "request_headers add_header 0 user-agent b",
        "request_headers add_header 0 :path /more",
        "request_headers add_header 0 x-custom 2",
        "request_headers add_header 0 user-agent -",
        "request_headers get_header 0 user-agent",
      ),
    });
    host.callOnHttpRequestHeaders([[":path", "/a"], ["user-agent", "a"], ["x-custom", "1"]]);
    assert.deepEqual(host.getRequestHeaders(), [[":path", "/a,/more"], ["user-agent", "a,b"], ["x-custom", "1"], ["x-custom", "2"]]);
    // an empty value appends nothing
    assert.deepEqual(opResults(host, "get_header"), ["0 user-agent=a,b"]);
  });

  it("merges duplicates arriving in a request, keeping set-cookie and custom names apart", async () => {
    const host = await MockHost.create(plain, { config: "request_headers get_pairs 0" });
    host.callOnHttpRequestHeaders([
      [":path", "/"],
      ["X-Forwarded-For", "1.1.1.1"],
      ["cookie", "a=1"],
      ["x-forwarded-for", "2.2.2.2"],
      ["cookie", "b=2"],
      ["content-type", "text/plain"],
      ["content-type", "text/html"],
    ]);
    assert.deepEqual(opResults(host, "get_pairs"), [
      "0 :path=/;x-forwarded-for=1.1.1.1,2.2.2.2;cookie=a=1;cookie=b=2;content-type=text/plain,text/html",
    ]);
  });

  it("maps host onto the :authority slot of request headers", async () => {
    const host = await MockHost.create(plain, {
      config: script("request_headers add_header 0 host b", "request_headers get_header 0 host"),
    });
    host.callOnHttpRequestHeaders([[":authority", "a"], [":path", "/"]]);
    assert.deepEqual(host.getRequestHeaders(), [[":authority", "a,b"], [":path", "/"]]);
    assert.deepEqual(opResults(host, "get_header"), ["0 host=a,b"]);
  });

  it("merges through set_header_map_pairs too", async () => {
    const host = await MockHost.create(plain, {
      config: "request_headers set_pairs 0 :path=/,x-forwarded-proto=http,x-forwarded-proto=https,x-c=1,x-c=2",
    });
    host.callOnHttpRequestHeaders([[":path", "/old"]]);
    assert.deepEqual(host.getRequestHeaders(), [[":path", "/"], ["x-forwarded-proto", "http,https"], ["x-c", "1"], ["x-c", "2"]]);
  });

  it("uses the response map's own slots: grpc-status merges, user-agent and set-cookie do not", async () => {
    const host = await MockHost.create(plain, {
      config: script(
        "response_headers add_header 2 user-agent b",
        "response_headers add_header 2 set-cookie b=2",
        "response_headers add_header 2 grpc-status 3",
        "response_headers add_header 2 server proxy",
      ),
    });
    host.callOnHttpRequestHeaders([[":path", "/"]], { endOfStream: true });
    host.callOnHttpResponseHeaders([[":status", "200"], ["user-agent", "a"], ["set-cookie", "a=1"], ["grpc-status", "0"], ["server", "up"]]);
    assert.deepEqual(host.getResponseHeaders(), [
      [":status", "200"],
      ["user-agent", "a"],
      ["set-cookie", "a=1"],
      ["grpc-status", "0,3"],
      ["server", "up,proxy"],
      ["user-agent", "b"],
      ["set-cookie", "b=2"],
    ]);
  });

  it("has no inline request trailers, and grpc-status/grpc-message inline in response trailers", async () => {
    const host = await MockHost.create(plain, {
      config: script("request_trailers add_header 1 grpc-status 2", "response_trailers add_header 3 grpc-status 2"),
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    host.callOnHttpRequestTrailers([["grpc-status", "1"]]);
    host.callOnHttpResponseHeaders([[":status", "200"]]);
    host.callOnHttpResponseTrailers([["grpc-status", "1"]]);
    assert.deepEqual(host.getRequestTrailers(), [["grpc-status", "1"], ["grpc-status", "2"]]);
    assert.deepEqual(host.getResponseTrailers(), [["grpc-status", "1,2"]]);
  });

  it("merges http_call headers and local-reply headers", async () => {
    const host = await MockHost.create(plain, {
      config: script(
        "request_headers http_call outbound|80||auth :path=/,:method=GET,:authority=auth,x-forwarded-for=1,x-forwarded-for=2",
        "request_headers local_reply 403 - - location=/a,location=/b,x-r=1,x-r=2",
      ),
    });
    host.callOnHttpRequestHeaders([[":path", "/"]]);
    const [call] = host.getHttpCalloutAttributes();
    assert.deepEqual(call.headers, [[":path", "/"], [":method", "GET"], [":authority", "auth"], ["x-forwarded-for", "1,2"]]);
    assert.deepEqual(host.getLocalResponse().headers, [["location", "/a,/b"], ["x-r", "1"], ["x-r", "2"]]);
  });
});
