// Where an HTTP (or Redis) call goes: wasm-go's Cluster kinds. The host knows upstreams only by
// Envoy cluster name, and Higress names the clusters it builds from each service source in a fixed
// format, so each kind turns its fields into that name (ClusterName) and into the `:authority`
// the call carries by default (HostName).
//
// The classes have fields and no constructor, so a Go struct literal ports as an object literal:
//   wrapper.FQDNCluster{FQDN: "auth.dns", Port: 8080}
//   const cluster: FQDNCluster = { FQDN: "auth.dns", Port: 8080 };   (omitted fields keep Go's zero value)

import { MapType } from "../abi/enums";
import * as hostcalls from "../abi/hostcalls";
import { GetClusterName } from "../wrapper/properties";

/** An upstream a call can go to (Go: the wrapper.Cluster interface). */
export abstract class Cluster {
  /** The Envoy cluster name the host routes the call to. */
  abstract ClusterName(): string;
  /** The `:authority` a call carries when its URL names no host ("" lets the client pick). */
  abstract HostName(): string;
}

// `outbound|<port>|<version>|<host>`: the name Istio-style registries give a service port.
function outbound(port: i64, version: string, host: string): string {
  return "outbound|" + port.toString() + "|" + version + "|" + host;
}

@inline function orElse(value: string, fallback: string): string {
  return value.length > 0 ? value : fallback;
}

/** The upstream cluster of the route the current request matched. */
export class RouteCluster extends Cluster {
  /** The `:authority` to send; "" keeps the current request's. */
  Host: string = "";

  /** The `cluster_name` property of the current request ("" when it has none, e.g. outside a request). */
  ClusterName(): string {
    const name = GetClusterName();
    return name != null ? name : "";
  }

  /** Host, else the current request's `:authority`, else "". */
  HostName(): string {
    if (this.Host.length > 0) return this.Host;
    const authority = hostcalls.getHeaderMapValue(MapType.HttpRequestHeaders, ":authority");
    return authority != null ? authority : "";
  }
}

/** A cluster given by its Envoy name, for names no other kind produces. */
export class TargetCluster extends Cluster {
  /** The `:authority` to send. */
  Host: string = "";
  /** The Envoy cluster name, used verbatim. */
  Cluster: string = "";

  /** Cluster, verbatim. */
  ClusterName(): string {
    return this.Cluster;
  }

  /** Host. */
  HostName(): string {
    return this.Host;
  }
}

/** A Kubernetes service port. */
export class K8sCluster extends Cluster {
  /** The service name. */
  ServiceName: string = "";
  /** The service's namespace; "" means "default". */
  Namespace: string = "";
  /** The service port. */
  Port: i64 = 0;
  /** The subset version ("" for none). */
  Version: string = "";
  /** The `:authority` to send; "" uses the service's cluster-local name. */
  Host: string = "";

  /** `outbound|<Port>|<Version>|<ServiceName>.<Namespace or default>.svc.cluster.local`. */
  ClusterName(): string {
    return outbound(this.Port, this.Version, this.serviceHost());
  }

  /**
   * Host, else `<ServiceName>.<Namespace or default>.svc.cluster.local`. (Go leaves the namespace
   * empty here when it is not set, giving `svc..svc.cluster.local`; the default applies to both.)
   */
  HostName(): string {
    return orElse(this.Host, this.serviceHost());
  }

  private serviceHost(): string {
    return this.ServiceName + "." + orElse(this.Namespace, "default") + ".svc.cluster.local";
  }
}

/** A service registered in Nacos. */
export class NacosCluster extends Cluster {
  /** The service name. */
  ServiceName: string = "";
  /** The Nacos group; "" means DEFAULT-GROUP. `_` becomes `-`, as Higress names it. */
  Group: string = "";
  /** The Nacos namespace id. */
  NamespaceID: string = "";
  /** The service port. */
  Port: i64 = 0;
  /** Whether the registry is EDAS/SAE (the name ends in `.nacos-ext`). */
  IsExtRegistry: bool = false;
  /** The subset version ("" for none). */
  Version: string = "";
  /** The `:authority` to send; "" uses ServiceName. */
  Host: string = "";

  /** `outbound|<Port>|<Version>|<ServiceName>.<Group>.<NamespaceID>.nacos` (or `.nacos-ext`). */
  ClusterName(): string {
    const group = this.Group.length > 0 ? this.Group.replaceAll("_", "-") : "DEFAULT-GROUP";
    const tail = this.IsExtRegistry ? "nacos-ext" : "nacos";
    return outbound(this.Port, this.Version, this.ServiceName + "." + group + "." + this.NamespaceID + "." + tail);
  }

  /** Host, else ServiceName. */
  HostName(): string {
    return orElse(this.Host, this.ServiceName);
  }
}

/** A service of fixed IP addresses defined in Higress. */
export class StaticIpCluster extends Cluster {
  /** The service name as Higress shows it, without `.static`. */
  ServiceName: string = "";
  /** The service port. */
  Port: i64 = 0;
  /** The `:authority` to send; "" uses ServiceName. */
  Host: string = "";

  /** `outbound|<Port>||<ServiceName>.static`. */
  ClusterName(): string {
    return outbound(this.Port, "", this.ServiceName + ".static");
  }

  /** Host, else ServiceName. */
  HostName(): string {
    return orElse(this.Host, this.ServiceName);
  }
}

/** A service resolved by DNS, defined in Higress. */
export class DnsCluster extends Cluster {
  /** The service name as Higress shows it, without `.dns`. */
  ServiceName: string = "";
  /** The domain the service resolves; it is also the `:authority` sent. */
  Domain: string = "";
  /** The service port. */
  Port: i64 = 0;

  /** `outbound|<Port>||<ServiceName>.dns`. */
  ClusterName(): string {
    return outbound(this.Port, "", this.ServiceName + ".dns");
  }

  /** Domain. */
  HostName(): string {
    return this.Domain;
  }
}

/** A service registered in Consul. */
export class ConsulCluster extends Cluster {
  /** The service name. */
  ServiceName: string = "";
  /** The Consul datacenter. */
  Datacenter: string = "";
  /** The service port. */
  Port: i64 = 0;
  /** The `:authority` to send; "" uses ServiceName. */
  Host: string = "";

  /** `outbound|<Port>||<ServiceName>.<Datacenter>.consul`. */
  ClusterName(): string {
    return outbound(this.Port, "", this.ServiceName + "." + this.Datacenter + ".consul");
  }

  /** Host, else ServiceName. */
  HostName(): string {
    return orElse(this.Host, this.ServiceName);
  }
}

/** A service by the full name Higress lists it under (`my-svc.dns`, `x.static`, `svc.ns.svc.cluster.local`). */
export class FQDNCluster extends Cluster {
  /** The service's full name, suffix included. */
  FQDN: string = "";
  /** The `:authority` to send; "" uses FQDN. */
  Host: string = "";
  /** The service port. */
  Port: i64 = 0;

  /** `outbound|<Port>||<FQDN>`. */
  ClusterName(): string {
    return outbound(this.Port, "", this.FQDN);
  }

  /** Host, else FQDN. */
  HostName(): string {
    return orElse(this.Host, this.FQDN);
  }
}
