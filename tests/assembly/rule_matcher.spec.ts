import {
  ClusterKeys,
  RuleCategory,
  RuleMatch,
  RuleMatcher,
  stripPort,
} from "../../assembly/wrapper/rule_matcher";

class Conf {
  constructor(public id: string) {}
}

function idOf(config: Conf | null): string {
  return config === null ? "<null>" : config.id;
}

function mustCreate(
  routes: string[] | null,
  domains: string[] | null,
  services: string[] | null,
  prefixes: string[] | null,
): RuleMatch {
  const match = RuleMatch.create(routes, domains, services, prefixes);
  if (match === null) throw new Error("expected a usable rule match");
  return match;
}

function categoryOf(
  routes: string[] | null,
  domains: string[] | null,
  services: string[] | null,
  prefixes: string[] | null,
): i32 {
  const match = RuleMatch.create(routes, domains, services, prefixes);
  return match === null ? -1 : <i32>match.category;
}

function domainMatches(pattern: string, host: string): bool {
  return mustCreate(null, [pattern], null, null).matches(host, "some-route", "outbound|80||x.dns");
}

function serviceMatches(entry: string, cluster: string): bool {
  return mustCreate(null, null, [entry], null).matches("any.host", "some-route", cluster);
}

const QWEN = "outbound|443||qwen.dns";

describe("stripPort", () => {
  it("removes a port after a host name or IPv4 address", () => {
    expect(stripPort("www.example.com:8080")).toBe("www.example.com");
    expect(stripPort("10.0.0.1:80")).toBe("10.0.0.1");
  });

  it("leaves a host without a port alone", () => {
    expect(stripPort("www.example.com")).toBe("www.example.com");
    expect(stripPort("")).toBe("");
  });

  it("strips the port of a bracketed IPv6 address and keeps the brackets", () => {
    expect(stripPort("[::1]:8080")).toBe("[::1]");
    expect(stripPort("[fe80::1%25eth0]:443")).toBe("[fe80::1%25eth0]");
  });

  it("keeps a bracketed IPv6 address without a port", () => {
    expect(stripPort("[::1]")).toBe("[::1]");
    expect(stripPort("[2001:db8::1]")).toBe("[2001:db8::1]");
  });

  it("cuts a bare IPv6 address at its last colon, as Go and Envoy do", () => {
    expect(stripPort("a:b:c")).toBe("a:b");
    expect(stripPort("::1")).toBe(":");
    expect(stripPort("2001:db8::1")).toBe("2001:db8:");
  });

  it("removes an empty port", () => {
    expect(stripPort("host:")).toBe("host");
    expect(stripPort(":")).toBe("");
  });

  it("strips when the only ] comes before the last colon", () => {
    expect(stripPort("]:80")).toBe("]");
  });
});

describe("ClusterKeys.parse", () => {
  it("takes the port and FQDN of a four-part cluster name", () => {
    const keys = ClusterKeys.parse("outbound|443|v1|qwen.dns");
    expect(keys).not.toBeNull();
    if (keys !== null) {
      expect(keys.port).toBe("443");
      expect(keys.fqdn).toBe("qwen.dns");
    }
  });

  it("accepts empty fields", () => {
    const keys = ClusterKeys.parse("|||");
    expect(keys).not.toBeNull();
    if (keys !== null) {
      expect(keys.port).toBe("");
      expect(keys.fqdn).toBe("");
    }
  });

  it("refuses names that do not have exactly four parts", () => {
    expect(ClusterKeys.parse("")).toBeNull();
    expect(ClusterKeys.parse("qwen.dns")).toBeNull();
    expect(ClusterKeys.parse("outbound|443|qwen.dns")).toBeNull();
    expect(ClusterKeys.parse("outbound|443||qwen.dns|extra")).toBeNull();
    expect(ClusterKeys.parse("||||")).toBeNull();
  });
});

describe("RuleMatch.create", () => {
  it("returns null when no key is present", () => {
    expect(RuleMatch.create(null, null, null, null)).toBeNull();
  });

  it("returns null when every list is empty", () => {
    expect(RuleMatch.create([], [], [], [])).toBeNull();
  });

  it("drops empty routes, services and prefixes, so lists of only empty strings are unusable", () => {
    expect(RuleMatch.create([""], null, null, null)).toBeNull();
    expect(RuleMatch.create(null, null, [""], null)).toBeNull();
    expect(RuleMatch.create(null, null, null, ["", ""])).toBeNull();
    expect(RuleMatch.create([""], [], [""], [""])).toBeNull();
  });

  it("keeps an empty domain, which makes a Host rule", () => {
    expect(categoryOf(null, [""], null, null)).toBe(<i32>RuleCategory.Host);
  });

  it("picks Route when routes are present", () => {
    expect(categoryOf(["r"], null, null, null)).toBe(<i32>RuleCategory.Route);
    expect(categoryOf(["r"], ["a.com"], null, null)).toBe(<i32>RuleCategory.Route);
    expect(categoryOf(["r"], null, null, ["p"])).toBe(<i32>RuleCategory.Route);
    expect(categoryOf(["r"], ["a.com"], null, ["p"])).toBe(<i32>RuleCategory.Route);
  });

  it("picks RouteAndService when routes and services are present", () => {
    expect(categoryOf(["r"], null, ["s"], null)).toBe(<i32>RuleCategory.RouteAndService);
    expect(categoryOf(["r"], ["a.com"], ["s"], ["p"])).toBe(<i32>RuleCategory.RouteAndService);
  });

  it("picks Host over services and prefixes when there are no routes", () => {
    expect(categoryOf(null, ["a.com"], null, null)).toBe(<i32>RuleCategory.Host);
    expect(categoryOf(null, ["a.com"], ["s"], null)).toBe(<i32>RuleCategory.Host);
    expect(categoryOf(null, ["a.com"], ["s"], ["p"])).toBe(<i32>RuleCategory.Host);
  });

  it("picks Service over prefixes", () => {
    expect(categoryOf(null, null, ["s"], null)).toBe(<i32>RuleCategory.Service);
    expect(categoryOf(null, [], ["s"], ["p"])).toBe(<i32>RuleCategory.Service);
  });

  it("picks RoutePrefix when only prefixes are present", () => {
    expect(categoryOf(null, null, null, ["p"])).toBe(<i32>RuleCategory.RoutePrefix);
  });

  it("ignores empty entries when picking the category", () => {
    expect(categoryOf([""], ["a.com"], null, null)).toBe(<i32>RuleCategory.Host);
    expect(categoryOf([""], null, ["s"], null)).toBe(<i32>RuleCategory.Service);
    expect(categoryOf(["r"], null, [""], null)).toBe(<i32>RuleCategory.Route);
  });

  it("uses wasm-go's category numbers", () => {
    expect(<i32>RuleCategory.Route).toBe(0);
    expect(<i32>RuleCategory.Host).toBe(1);
    expect(<i32>RuleCategory.Service).toBe(2);
    expect(<i32>RuleCategory.RoutePrefix).toBe(3);
    expect(<i32>RuleCategory.RouteAndService).toBe(4);
  });
});

describe("Host rules", () => {
  it("matches a prefix pattern (wasm-go vectors)", () => {
    expect(domainMatches("www.*", "www.test.com")).toBe(true);
    expect(domainMatches("www.*", "test.com")).toBe(false);
  });

  it("matches a suffix pattern, but not the bare parent domain (wasm-go vectors)", () => {
    expect(domainMatches("*.example.com", "www.example.com")).toBe(true);
    expect(domainMatches("*.example.com", "a.b.example.com")).toBe(true);
    expect(domainMatches("*.example.com", "example.com")).toBe(false);
  });

  it("matches an exact host, ignoring the request port (wasm-go vectors)", () => {
    expect(domainMatches("www.example.com", "www.example.com")).toBe(true);
    expect(domainMatches("www.example.com", "www.example.com:8080")).toBe(true);
    expect(domainMatches("www.example.com", "example.com")).toBe(false);
    expect(domainMatches("www.example.com", "www.example.com.cn")).toBe(false);
  });

  it("matches every host with *", () => {
    expect(domainMatches("*", "www.example.com")).toBe(true);
    expect(domainMatches("*", "[::1]:80")).toBe(true);
    expect(domainMatches("*", "")).toBe(true);
  });

  it("strips the port before wildcard patterns too", () => {
    expect(domainMatches("*.example.com", "a.example.com:443")).toBe(true);
    expect(domainMatches("*:443", "a.example.com:443")).toBe(false);
    expect(domainMatches("*.com", "a.com:8080")).toBe(true);
    // The pattern sees the host without its port, so a port in a prefix pattern never matches.
    expect(domainMatches("www.a.com:*", "www.a.com:8080")).toBe(false);
  });

  it("is case-sensitive", () => {
    expect(domainMatches("www.example.com", "WWW.example.com")).toBe(false);
    expect(domainMatches("*.Example.com", "a.example.com")).toBe(false);
  });

  it("matches bracketed IPv6 hosts with and without a port", () => {
    expect(domainMatches("[::1]", "[::1]:8080")).toBe(true);
    expect(domainMatches("[::1]", "[::1]")).toBe(true);
    expect(domainMatches("[::1]:8080", "[::1]:8080")).toBe(false);
  });

  it("treats only a leading or trailing * as a wildcard", () => {
    expect(domainMatches("a*b", "axb")).toBe(false);
    expect(domainMatches("a*b", "a*b")).toBe(true);
    // A leading * wins: "*abc*" is a suffix match on "abc*".
    expect(domainMatches("*abc*", "xabcx")).toBe(false);
    expect(domainMatches("*abc*", "xabc*")).toBe(true);
  });

  it("matches an empty domain entry only against an empty host", () => {
    expect(domainMatches("", "")).toBe(true);
    expect(domainMatches("", ":8080")).toBe(true);
    expect(domainMatches("", "a.com")).toBe(false);
  });

  it("matches if any domain entry matches", () => {
    const match = mustCreate(null, ["a.com", "*.b.com", "c.*"], null, null);
    expect(match.matches("a.com", "", "")).toBe(true);
    expect(match.matches("x.b.com", "", "")).toBe(true);
    expect(match.matches("c.net:81", "", "")).toBe(true);
    expect(match.matches("d.com", "", "")).toBe(false);
  });

  it("ignores routes and services of a Host rule", () => {
    const match = mustCreate(null, ["a.com"], ["qwen.dns"], ["r"]);
    expect(match.matches("b.com", "r", QWEN)).toBe(false);
    expect(match.matches("a.com", "other", "bad")).toBe(true);
  });
});

describe("Route rules", () => {
  it("matches a route name in the set, exactly", () => {
    const match = mustCreate(["default/foo", "default/bar"], null, null, null);
    expect(match.matches("h", "default/foo", "")).toBe(true);
    expect(match.matches("h", "default/bar", "")).toBe(true);
    expect(match.matches("h", "default/foobar", "")).toBe(false);
    expect(match.matches("h", "default/fo", "")).toBe(false);
    expect(match.matches("h", "Default/foo", "")).toBe(false);
  });

  it("never matches an empty route name", () => {
    const match = mustCreate(["r", ""], null, null, null);
    expect(match.matches("h", "", "")).toBe(false);
    expect(match.matches("h", "r", "")).toBe(true);
  });

  it("ignores the domains and prefixes of a Route rule", () => {
    const match = mustCreate(["r"], ["*"], null, ["o"]);
    expect(match.matches("any.host", "other", "")).toBe(false);
  });
});

describe("Service rules", () => {
  it("matches an entry by FQDN alone or by FQDN and port (wasm-go vectors)", () => {
    expect(serviceMatches("qwen.dns", QWEN)).toBe(true);
    expect(serviceMatches("qwen.dns:443", QWEN)).toBe(true);
    expect(serviceMatches("moonshot.dns:443", QWEN)).toBe(false);
    expect(serviceMatches("qwen.dns:", QWEN)).toBe(false);
  });

  it("requires the port to match when the entry has one", () => {
    expect(serviceMatches("qwen.dns:80", QWEN)).toBe(false);
    expect(serviceMatches("qwen.dns:0443", QWEN)).toBe(false);
  });

  it("lets 'fqdn:' match a cluster whose port field is empty", () => {
    expect(serviceMatches("qwen.dns:", "outbound||v1|qwen.dns")).toBe(true);
  });

  it("ignores the direction and subset fields", () => {
    expect(serviceMatches("qwen.dns:443", "outbound|443|v1|qwen.dns")).toBe(true);
    expect(serviceMatches("qwen.dns", "inbound|443||qwen.dns")).toBe(true);
  });

  it("does not match a whole cluster name as an entry", () => {
    expect(serviceMatches(QWEN, QWEN)).toBe(false);
  });

  it("compares the FQDN exactly and case-sensitively", () => {
    expect(serviceMatches("qwen", QWEN)).toBe(false);
    expect(serviceMatches("QWEN.dns", QWEN)).toBe(false);
    expect(serviceMatches("wen.dns", QWEN)).toBe(false);
  });

  it("never matches a malformed cluster name", () => {
    expect(serviceMatches("qwen.dns", "")).toBe(false);
    expect(serviceMatches("qwen.dns", "qwen.dns")).toBe(false);
    expect(serviceMatches("qwen.dns", "outbound|443|qwen.dns")).toBe(false);
    expect(serviceMatches("qwen.dns", "outbound|443||qwen.dns|x")).toBe(false);
    expect(serviceMatches("qwen.dns:443", "443|qwen.dns")).toBe(false);
  });

  it("splits a service entry at its last colon", () => {
    expect(serviceMatches("a:b:443", "outbound|443||a:b")).toBe(true);
    expect(serviceMatches("a:b", "outbound|443||a:b")).toBe(true);
    expect(serviceMatches("a:b", "outbound|b||a")).toBe(true);
  });

  it("lets ':' match a cluster with empty port and FQDN fields", () => {
    expect(serviceMatches(":", "outbound|||")).toBe(true);
    expect(serviceMatches(":", QWEN)).toBe(false);
  });

  it("matches if any entry matches", () => {
    const match = mustCreate(null, null, ["test1.dns", "test2.static:8080"], null);
    expect(match.matches("h", "r", "outbound|80||test1.dns")).toBe(true);
    expect(match.matches("h", "r", "outbound|8080||test2.static")).toBe(true);
    expect(match.matches("h", "r", "outbound|80||test2.static")).toBe(false);
  });
});

describe("RouteAndService rules", () => {
  it("needs both the route and the service to match", () => {
    const match = mustCreate(["r1"], null, ["qwen.dns:443"], null);
    expect(match.matches("h", "r1", QWEN)).toBe(true);
    expect(match.matches("h", "r2", QWEN)).toBe(false);
    expect(match.matches("h", "r1", "outbound|80||qwen.dns")).toBe(false);
    expect(match.matches("h", "r1", "")).toBe(false);
  });
});

describe("RoutePrefix rules", () => {
  it("matches a route name that starts with a prefix", () => {
    const match = mustCreate(null, null, null, ["api1", "api2"]);
    expect(match.matches("h", "api1", "")).toBe(true);
    expect(match.matches("h", "api2-users", "")).toBe(true);
    expect(match.matches("h", "v1-api1", "")).toBe(false);
    expect(match.matches("h", "api", "")).toBe(false);
    expect(match.matches("h", "API1", "")).toBe(false);
    expect(match.matches("h", "", "")).toBe(false);
  });
});

describe("RuleMatcher", () => {
  it("returns null with no rules and no global config", () => {
    const matcher = new RuleMatcher<Conf>();
    expect(matcher.hasGlobal()).toBe(false);
    expect(matcher.ruleCount).toBe(0);
    expect(matcher.match("a.com", "r", QWEN)).toBeNull();
  });

  it("returns the global config when there are no rules", () => {
    const matcher = new RuleMatcher<Conf>();
    const global = new Conf("global");
    matcher.setGlobal(global);
    expect(matcher.hasGlobal()).toBe(true);
    const found = matcher.match("a.com", "r", QWEN);
    expect(found === global).toBe(true);
  });

  it("returns the config of the rule that matches, by category", () => {
    const matcher = new RuleMatcher<Conf>();
    matcher.setGlobal(new Conf("global"));
    matcher.addRule(mustCreate(null, ["*.example.com"], null, null), new Conf("host"));
    matcher.addRule(mustCreate(["test1", "test2"], null, null, null), new Conf("route"));
    matcher.addRule(mustCreate(null, null, ["test1.dns", "test2.static:8080"], null), new Conf("service"));
    matcher.addRule(mustCreate(null, null, null, ["api1", "api2"]), new Conf("prefix"));
    matcher.addRule(mustCreate(["both"], null, ["qwen.dns"], null), new Conf("route+service"));
    expect(matcher.ruleCount).toBe(5);

    expect(idOf(matcher.match("a.example.com:80", "none", "none"))).toBe("host");
    expect(idOf(matcher.match("other.com", "test2", "none"))).toBe("route");
    expect(idOf(matcher.match("other.com", "none", "outbound|8080||test2.static"))).toBe("service");
    expect(idOf(matcher.match("other.com", "api2/users", "none"))).toBe("prefix");
    expect(idOf(matcher.match("other.com", "both", QWEN))).toBe("route+service");
    expect(idOf(matcher.match("other.com", "both", "outbound|443||other.dns"))).toBe("global");
    expect(idOf(matcher.match("other.com", "none", "none"))).toBe("global");
  });

  it("returns the first matching rule in configuration order (the wasm-go rules vector)", () => {
    // Rule 1 contains "*", so it shadows every later rule.
    const matcher = new RuleMatcher<Conf>();
    matcher.addRule(mustCreate(null, ["*.example.com", "www.*", "*", "www.abc.com"], null, null), new Conf("john"));
    matcher.addRule(mustCreate(["test1", "test2"], null, null, null), new Conf("ann-route"));
    matcher.addRule(mustCreate(null, null, ["test1.dns", "test2.static:8080"], null), new Conf("ann-service"));
    matcher.addRule(mustCreate(null, null, null, ["api1", "api2"]), new Conf("ann-prefix"));
    expect(idOf(matcher.match("www.abc.com", "test1", "outbound|80||test1.dns"))).toBe("john");
    expect(idOf(matcher.match("x.org", "api1", ""))).toBe("john");
  });

  it("prefers an earlier general rule over a later more specific one", () => {
    const matcher = new RuleMatcher<Conf>();
    matcher.addRule(mustCreate(null, null, null, ["api"]), new Conf("prefix"));
    matcher.addRule(mustCreate(["api-v1"], null, null, null), new Conf("exact-route"));
    matcher.addRule(mustCreate(["api-v1"], null, ["qwen.dns:443"], null), new Conf("route+service"));
    expect(idOf(matcher.match("h", "api-v1", QWEN))).toBe("prefix");
    expect(matcher.match("h", "other", QWEN)).toBeNull();
  });

  it("falls through to a later rule when an earlier one does not match", () => {
    const matcher = new RuleMatcher<Conf>();
    matcher.addRule(mustCreate(null, ["a.com"], null, null), new Conf("first"));
    matcher.addRule(mustCreate(null, ["*.com"], null, null), new Conf("second"));
    matcher.addRule(mustCreate(null, ["*"], null, null), new Conf("third"));
    expect(idOf(matcher.match("a.com:8080", "", ""))).toBe("first");
    expect(idOf(matcher.match("b.com", "", ""))).toBe("second");
    expect(idOf(matcher.match("b.org", "", ""))).toBe("third");
  });

  it("returns the same config object that was added", () => {
    const matcher = new RuleMatcher<Conf>();
    const rule = new Conf("rule");
    matcher.addRule(mustCreate(["r"], null, null, null), rule);
    const found = matcher.match("h", "r", "");
    expect(found === rule).toBe(true);
  });

  it("returns null when no rule matches and there is no global config", () => {
    const matcher = new RuleMatcher<Conf>();
    matcher.addRule(mustCreate(["r"], null, null, null), new Conf("rule"));
    matcher.addRule(mustCreate(null, null, ["qwen.dns"], null), new Conf("service"));
    expect(matcher.match("h", "other", "malformed|cluster")).toBeNull();
    expect(matcher.match("", "", "")).toBeNull();
  });

  it("forgets rules and the global config on clear", () => {
    const matcher = new RuleMatcher<Conf>();
    matcher.setGlobal(new Conf("global"));
    matcher.addRule(mustCreate(["r"], null, null, null), new Conf("rule"));
    matcher.clear();
    expect(matcher.ruleCount).toBe(0);
    expect(matcher.hasGlobal()).toBe(false);
    expect(matcher.match("h", "r", "")).toBeNull();
    matcher.addRule(mustCreate(["r"], null, null, null), new Conf("again"));
    expect(idOf(matcher.match("h", "r", ""))).toBe("again");
  });

  it("works with string configs", () => {
    const matcher = new RuleMatcher<string>();
    matcher.setGlobal("global");
    matcher.addRule(mustCreate(null, ["[::1]"], null, null), "ipv6");
    expect(matcher.match("[::1]:8080", "", "")).toBe("ipv6");
    expect(matcher.match("[::2]:8080", "", "")).toBe("global");
  });
});
