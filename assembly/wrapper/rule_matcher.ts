// Which config applies to a request: the `_rules_` items of a plugin config, tried in
// configuration order, else the global (top-level) config. The matching semantics are those of
// wasm-go's pkg/matcher, quirks included, so a WasmPlugin resource behaves the same whichever SDK
// the plugin is written with. Parsing the JSON into match lists happens elsewhere.

/** What a `_rules_` item matches on; the numbers are wasm-go's `Category` values. */
export enum RuleCategory {
  Route = 0,
  Host = 1,
  Service = 2,
  RouteAndService = 4,
  RoutePrefix = 3,
}

// wasm-go's MatchType values.
const enum DomainKind {
  Prefix = 0,
  Exact = 1,
  Suffix = 2,
}

/** One `_match_domain_` entry, classified once at configure time. */
class DomainPattern {
  constructor(public kind: DomainKind, public text: string) {}

  /** Whether `bareHost` (port already stripped) fits this pattern; case-sensitive like Go. */
  matches(bareHost: string): bool {
    if (this.kind == DomainKind.Suffix) return bareHost.endsWith(this.text);
    if (this.kind == DomainKind.Prefix) return bareHost.startsWith(this.text);
    return bareHost == this.text;
  }
}

/** Classifies a domain entry the way Go does: a leading `*` wins over a trailing one. */
function domainPattern(entry: string): DomainPattern {
  if (entry.startsWith("*")) return new DomainPattern(DomainKind.Suffix, entry.substring(1));
  if (entry.endsWith("*")) {
    return new DomainPattern(DomainKind.Prefix, entry.substring(0, entry.length - 1));
  }
  return new DomainPattern(DomainKind.Exact, entry);
}

/** One `_match_service_` entry, `fqdn` or `fqdn:port`, split at its last `:` once. */
class ServiceEntry {
  whole: string;
  name: string = "";
  port: string = "";
  hasColon: bool = false;

  constructor(entry: string) {
    this.whole = entry;
    const colon = entry.lastIndexOf(":");
    if (colon >= 0) {
      this.hasColon = true;
      this.name = entry.substring(0, colon);
      this.port = entry.substring(colon + 1);
    }
  }

  /** Go's test: `name:port` against both parts, else the whole entry against the FQDN. */
  matches(cluster: ClusterKeys): bool {
    if (this.hasColon && cluster.fqdn == this.name && cluster.port == this.port) return true;
    return cluster.fqdn == this.whole;
  }
}

/** The port and FQDN fields of an `outbound|<port>|<subset>|<fqdn>` cluster name. */
export class ClusterKeys {
  constructor(public port: string, public fqdn: string) {}

  /** The fields of `clusterName`, or null unless it has exactly four `|`-separated parts. */
  static parse(clusterName: string): ClusterKeys | null {
    const first = clusterName.indexOf("|");
    if (first < 0) return null;
    const second = clusterName.indexOf("|", first + 1);
    if (second < 0) return null;
    const third = clusterName.indexOf("|", second + 1);
    if (third < 0 || clusterName.indexOf("|", third + 1) >= 0) return null;
    return new ClusterKeys(
      clusterName.substring(first + 1, second),
      clusterName.substring(third + 1),
    );
  }
}

/** The match inputs of one request; the bare host and cluster fields are derived on first use. */
export class RequestKeys {
  private bareHostValue: string | null = null;
  private clusterValue: ClusterKeys | null = null;
  private clusterParsed: bool = false;

  constructor(public host: string, public routeName: string, public clusterName: string) {}

  /** The `:authority` value without its port. */
  get bareHost(): string {
    let bare = this.bareHostValue;
    if (bare === null) {
      bare = stripPort(this.host);
      this.bareHostValue = bare;
    }
    return bare;
  }

  /** The cluster name's port and FQDN, null when it is not a four-part name. */
  get cluster(): ClusterKeys | null {
    if (!this.clusterParsed) {
      this.clusterValue = ClusterKeys.parse(this.clusterName);
      this.clusterParsed = true;
    }
    return this.clusterValue;
  }
}

function withoutEmpty(entries: string[] | null): string[] {
  const kept = new Array<string>();
  if (entries === null) return kept;
  for (let i = 0, n = entries.length; i < n; i++) {
    const entry = unchecked(entries[i]);
    if (entry.length > 0) kept.push(entry);
  }
  return kept;
}

/** The match keys of one `_rules_` item, as lists of strings (null = key absent). */
export class RuleMatch {
  /** Which keys decide the match; the other keys of the item are ignored, as in Go. */
  readonly category: RuleCategory;
  // A list, not a Set: a rule names a few routes, a scan of them is as fast as hashing, and a
  // Set<string> would carry its hashing code into every plugin.
  private routes: string[];
  private domains: DomainPattern[];
  private services: ServiceEntry[];
  private routePrefixes: string[];

  private constructor(
    category: RuleCategory,
    routes: string[],
    domains: DomainPattern[],
    services: ServiceEntry[],
    routePrefixes: string[],
  ) {
    this.category = category;
    this.routes = routes;
    this.domains = domains;
    this.services = services;
    this.routePrefixes = routePrefixes;
  }

  /**
   * The match of one `_rules_` item, or null when no key has a usable entry (Go fails the
   * configure then). Empty strings are dropped from routes, services and prefixes but kept in
   * domains, where `""` is an exact match on an empty host. Category precedence: routes (with
   * services: RouteAndService), then domains, then services, then route prefixes.
   */
  static create(
    routes: string[] | null,
    domains: string[] | null,
    services: string[] | null,
    routePrefixes: string[] | null,
  ): RuleMatch | null {
    const routeList = withoutEmpty(routes);
    const serviceList = withoutEmpty(services);
    const prefixList = withoutEmpty(routePrefixes);
    const domainList = new Array<DomainPattern>();
    if (domains !== null) {
      for (let i = 0, n = domains.length; i < n; i++) {
        domainList.push(domainPattern(unchecked(domains[i])));
      }
    }

    let category: RuleCategory;
    if (routeList.length > 0) {
      category = serviceList.length > 0 ? RuleCategory.RouteAndService : RuleCategory.Route;
    } else if (domainList.length > 0) {
      category = RuleCategory.Host;
    } else if (serviceList.length > 0) {
      category = RuleCategory.Service;
    } else if (prefixList.length > 0) {
      category = RuleCategory.RoutePrefix;
    } else {
      return null;
    }

    const serviceEntries = new Array<ServiceEntry>();
    for (let i = 0, n = serviceList.length; i < n; i++) {
      serviceEntries.push(new ServiceEntry(unchecked(serviceList[i])));
    }
    return new RuleMatch(category, routeList, domainList, serviceEntries, prefixList);
  }

  /** Whether this rule applies to a request with these `:authority`, route and cluster names. */
  matches(host: string, routeName: string, clusterName: string): bool {
    return this.matchesKeys(new RequestKeys(host, routeName, clusterName));
  }

  /** Whether this rule applies to `keys`; the matcher shares one RequestKeys across rules. */
  matchesKeys(keys: RequestKeys): bool {
    switch (this.category) {
      case RuleCategory.Route:
        return this.routeMatches(keys.routeName);
      case RuleCategory.Host:
        return this.hostMatches(keys.bareHost);
      case RuleCategory.Service:
        return this.serviceMatches(keys.cluster);
      case RuleCategory.RouteAndService:
        return this.routeMatches(keys.routeName) && this.serviceMatches(keys.cluster);
      case RuleCategory.RoutePrefix:
        return this.prefixMatches(keys.routeName);
    }
    return false;
  }

  private routeMatches(routeName: string): bool {
    const routes = this.routes;
    for (let i = 0, n = routes.length; i < n; i++) {
      if (unchecked(routes[i]) == routeName) return true;
    }
    return false;
  }

  private hostMatches(bareHost: string): bool {
    const domains = this.domains;
    for (let i = 0, n = domains.length; i < n; i++) {
      if (unchecked(domains[i]).matches(bareHost)) return true;
    }
    return false;
  }

  private serviceMatches(cluster: ClusterKeys | null): bool {
    if (cluster === null) return false;
    const services = this.services;
    for (let i = 0, n = services.length; i < n; i++) {
      if (unchecked(services[i]).matches(cluster)) return true;
    }
    return false;
  }

  private prefixMatches(routeName: string): bool {
    const prefixes = this.routePrefixes;
    for (let i = 0, n = prefixes.length; i < n; i++) {
      if (routeName.startsWith(unchecked(prefixes[i]))) return true;
    }
    return false;
  }
}

class Rule<C> {
  constructor(public match: RuleMatch, public config: C) {}
}

/**
 * The rules and global config of one root context. C must be a reference type (a class,
 * string or array): `match` returns `C | null`, null meaning the plugin is off for the request.
 */
export class RuleMatcher<C> {
  private rules: Rule<C>[] = [];
  private globalConfig: C | null = null;
  private globalSet: bool = false;

  /** Sets the config used when no rule matches (the top-level keys of the plugin config). */
  setGlobal(config: C): void {
    this.globalConfig = config;
    this.globalSet = true;
  }

  /** Whether a global config is set. */
  hasGlobal(): bool {
    return this.globalSet;
  }

  /** Appends a rule; rules are tried in the order they are added. */
  addRule(match: RuleMatch, config: C): void {
    this.rules.push(new Rule<C>(match, config));
  }

  /** How many rules are registered. */
  get ruleCount(): i32 {
    return this.rules.length;
  }

  /** First rule in configuration order that matches, else the global config, else null. */
  match(host: string, routeName: string, clusterName: string): C | null {
    const rules = this.rules;
    const n = rules.length;
    if (n > 0) {
      const keys = new RequestKeys(host, routeName, clusterName);
      for (let i = 0; i < n; i++) {
        const rule = unchecked(rules[i]);
        if (rule.match.matchesKeys(keys)) return rule.config;
      }
    }
    return this.globalSet ? this.globalConfig : null;
  }

  /** Forgets every rule and the global config (a reconfigure rebuilds them). */
  clear(): void {
    this.rules = [];
    this.globalConfig = null;
    this.globalSet = false;
  }
}

/**
 * `host` without its `:port`, as Envoy and Go strip it: cut at the last `:` unless a `]` comes
 * after it. So "[::1]:8080" -> "[::1]", "[::1]" stays, and a bare "a:b:c" becomes "a:b".
 */
export function stripPort(host: string): string {
  const colon = host.lastIndexOf(":");
  if (colon < 0) return host;
  if (host.lastIndexOf("]") > colon) return host;
  return host.substring(0, colon);
}
