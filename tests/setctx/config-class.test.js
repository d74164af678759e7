// What SetCtx asks of a config class: a constructor without parameters (checked when the plugin
// is compiled, naming the class), and the optional Clone() that lets a rule start from the
// global config as Go's `*config = global` does.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MockHost } from "higress-as/host";
import { compile } from "../helpers/compile.js";

const value = (pairs, key) => pairs.find(([k]) => k === key)?.[1];

describe("a config class whose constructor takes parameters", () => {
  it("fails to compile at SetCtx with the fix and the class's name", async () => {
    await assert.rejects(compile(["tests/fixtures/setctx/ctor-args.ts"], ["--config", "asconfig.json"]), (error) => {
      assert.match(error.message, /the config class must have a constructor without parameters/);
      assert.match(error.message, /Type '[^']*ArgConfig' is not assignable to type '[^']*ConfigClassConstructorWithoutParameters'/);
      return true;
    });
  });
});

describe("Clone(): rules start from the global config", () => {
  let wasm;
  before(async () => {
    wasm = await compile(["tests/fixtures/setctx/clone.ts"], ["--config", "asconfig.json"]);
  });

  function stamped(host, authority) {
    host.initHttp();
    host.callOnHttpRequestHeaders([[":authority", authority], [":path", "/"], [":method", "GET"]], { endOfStream: true });
    const header = value(host.getRequestHeaders(), "x-config");
    host.completeHttp();
    return header;
  }

  it("hands each rule parser a copy of the parsed global config, leaving the global untouched", async () => {
    const host = await MockHost.create(wasm, {
      config: {
        name: "global",
        limit: 7,
        _rules_: [
          { _match_domain_: ["a.example.com"], name: "rule-a" },
          { _match_domain_: ["b.example.com"] },
        ],
      },
    });
    assert.equal(host.startStatus, "ok");
    // Fields are copied (the rule's push does not reach the global list); `shared` is one object.
    assert.equal(stamped(host, "a.example.com"), "rule-a/7/global+rule/2");
    assert.equal(stamped(host, "b.example.com"), "global/7/global+rule/2");
    assert.equal(stamped(host, "other.example.com"), "global/7/global/2");
  });
});
