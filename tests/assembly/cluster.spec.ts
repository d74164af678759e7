import {
  Cluster,
  ConsulCluster,
  DnsCluster,
  FQDNCluster,
  K8sCluster,
  NacosCluster,
  StaticIpCluster,
  TargetCluster,
} from "../../assembly/http/cluster";

// Through the base class, as the HTTP client sees a cluster.
function nameOf(cluster: Cluster): string {
  return cluster.ClusterName();
}

function hostOf(cluster: Cluster): string {
  return cluster.HostName();
}

describe("K8sCluster", () => {
  it("names the service port with version and namespace (wasm-go's test vector)", () => {
    const c: K8sCluster = { ServiceName: "foo", Namespace: "bar", Port: 8080, Version: "1.0" };
    expect(nameOf(c)).toBe("outbound|8080|1.0|foo.bar.svc.cluster.local");
    expect(hostOf(c)).toBe("foo.bar.svc.cluster.local");
  });

  it("defaults the namespace to default in the name and, unlike Go, in the host", () => {
    const c: K8sCluster = { ServiceName: "foo", Port: 8080 };
    expect(nameOf(c)).toBe("outbound|8080||foo.default.svc.cluster.local");
    expect(hostOf(c)).toBe("foo.default.svc.cluster.local");
  });

  it("sends Host when it is set", () => {
    const c: K8sCluster = { ServiceName: "foo", Port: 8080, Host: "www.example.com" };
    expect(hostOf(c)).toBe("www.example.com");
  });
});

describe("NacosCluster", () => {
  it("turns _ into - in the group and ends in .nacos (wasm-go's test vector)", () => {
    const c: NacosCluster = { ServiceName: "foo", Group: "DEFAULT_GROUP", NamespaceID: "xxxx", Port: 8080, Version: "1.0" };
    expect(nameOf(c)).toBe("outbound|8080|1.0|foo.DEFAULT-GROUP.xxxx.nacos");
    expect(hostOf(c)).toBe("foo");
  });

  it("defaults the group to DEFAULT-GROUP and ends in .nacos-ext for EDAS/SAE", () => {
    const c: NacosCluster = { ServiceName: "foo", NamespaceID: "xxxx", Port: 8080, IsExtRegistry: true };
    expect(nameOf(c)).toBe("outbound|8080||foo.DEFAULT-GROUP.xxxx.nacos-ext");
  });

  it("replaces every _ of the group", () => {
    const c: NacosCluster = { ServiceName: "foo", Group: "a_b_c", NamespaceID: "ns", Port: 1 };
    expect(nameOf(c)).toBe("outbound|1||foo.a-b-c.ns.nacos");
  });

  it("sends Host when it is set", () => {
    const c: NacosCluster = { ServiceName: "foo", NamespaceID: "ns", Port: 1, Host: "n.example" };
    expect(hostOf(c)).toBe("n.example");
  });
});

describe("StaticIpCluster", () => {
  it("ends in .static and sends the service name (wasm-go's test vector)", () => {
    const c: StaticIpCluster = { ServiceName: "foo", Port: 8080 };
    expect(nameOf(c)).toBe("outbound|8080||foo.static");
    expect(hostOf(c)).toBe("foo");
  });

  it("sends Host when it is set", () => {
    const c: StaticIpCluster = { ServiceName: "foo", Port: 8080, Host: "s.example" };
    expect(hostOf(c)).toBe("s.example");
  });
});

describe("DnsCluster", () => {
  it("ends in .dns and sends the domain (wasm-go's test vector)", () => {
    const c: DnsCluster = { ServiceName: "foo", Domain: "foo.example.com", Port: 8080 };
    expect(nameOf(c)).toBe("outbound|8080||foo.dns");
    expect(hostOf(c)).toBe("foo.example.com");
  });

  it("sends no host without a domain (the client then uses unknownhost)", () => {
    const c: DnsCluster = { ServiceName: "foo", Port: 8080 };
    expect(hostOf(c)).toBe("");
  });
});

describe("ConsulCluster", () => {
  it("ends in .<datacenter>.consul and sends the service name", () => {
    const c: ConsulCluster = { ServiceName: "foo", Datacenter: "dc1", Port: 8500 };
    expect(nameOf(c)).toBe("outbound|8500||foo.dc1.consul");
    expect(hostOf(c)).toBe("foo");
  });

  it("sends Host when it is set", () => {
    const c: ConsulCluster = { ServiceName: "foo", Datacenter: "dc1", Port: 8500, Host: "c.example" };
    expect(hostOf(c)).toBe("c.example");
  });
});

describe("FQDNCluster", () => {
  it("puts the FQDN after the port and sends it", () => {
    const c: FQDNCluster = { FQDN: "my-svc.dns", Port: 80 };
    expect(nameOf(c)).toBe("outbound|80||my-svc.dns");
    expect(hostOf(c)).toBe("my-svc.dns");
  });

  it("keeps a 64-bit port as Go formats it", () => {
    const c: FQDNCluster = { FQDN: "x.static", Port: 4294967296 };
    expect(nameOf(c)).toBe("outbound|4294967296||x.static");
  });

  it("sends Host when it is set", () => {
    const c: FQDNCluster = { FQDN: "my-svc.dns", Port: 80, Host: "api.example.com" };
    expect(hostOf(c)).toBe("api.example.com");
  });
});

describe("TargetCluster", () => {
  it("uses the cluster name verbatim and sends Host", () => {
    const c: TargetCluster = { Cluster: "outbound|9000||raw.static", Host: "raw.example" };
    expect(nameOf(c)).toBe("outbound|9000||raw.static");
    expect(hostOf(c)).toBe("raw.example");
  });
});
