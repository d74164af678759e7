// The files of a new plugin project that its template (an example folder) may lack, written from
// the plugin's name and sample configuration, and the two files whose template copy must be
// adapted: package.json (name, SDK version) and asconfig.json (where the SDK's settings are).

/** What the generated files are made from. */
export interface ProjectFacts {
  /** npm package name, also the plugin's name in Higress. */
  name: string;
  /** The higress-as version that generates the project. */
  sdkVersion: string;
  /** The AssemblyScript version range the project installs. */
  ascRange: string;
  /** Sample plugin configuration, as JSON text. */
  configJson: string;
}

type PackageJson = Record<string, unknown> & {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

/**
 * package.json: the template's, if any, with the project's name, this SDK version, and build and
 * test scripts that run `higress-as build` (an example's scripts may call asc with its own
 * config). No "type" of its own: generated tests are .mjs, ESM either way; a template that ships
 * .js tests declares "type": "module" itself.
 */
export function projectPackageJson(template: PackageJson | null, facts: ProjectFacts): string {
  const { devDependencies: templateDev = {}, dependencies: templateDeps = {}, scripts = {}, ...rest } = template ?? {};
  delete templateDev["higress-as"];
  const pkg: PackageJson = {
    ...rest,
    name: facts.name,
    version: "0.1.0",
    private: true,
    scripts: {
      ...scripts,
      build: "higress-as build",
      "build:debug": "higress-as build --debug",
      test: "higress-as build --debug && node --test",
    },
    dependencies: { ...templateDeps, "higress-as": `^${facts.sdkVersion}` },
    devDependencies: { assemblyscript: facts.ascRange, ...templateDev },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/**
 * asconfig.json, for running asc directly: the template's, extending the installed package's
 * settings instead of the repository-relative path an example folder may use.
 */
export function projectAsconfig(template: Record<string, unknown> | null): string {
  const config = template ?? { entries: ["./assembly/index.ts"], options: { outFile: "build/plugin.wasm" } };
  const base = typeof config.extends === "string" ? config.extends.replace(/^.*\//, "") : "asconfig.json";
  return `${JSON.stringify({ ...config, extends: `./node_modules/higress-as/${base}` }, null, 2)}\n`;
}

/**
 * tsconfig.json for editors: AssemblyScript's standard library types instead of the DOM's, and
 * "higress-as" mapped to the SDK's AssemblyScript source (package.json's "types" are the Node
 * types of higress-as/host, which know nothing of SetCtx).
 */
const TSCONFIG = {
  extends: "./node_modules/assemblyscript/std/assembly.json",
  compilerOptions: {
    baseUrl: ".",
    paths: { "higress-as": ["./node_modules/higress-as/index.ts"] },
  },
  include: ["assembly/**/*.ts"],
};

function readme(facts: ProjectFacts): string {
  return `# ${facts.name}

A Higress / Envoy HTTP filter plugin written in AssemblyScript with
[higress-as](https://www.npmjs.com/package/higress-as).

\`\`\`sh
npm install
npm run build   # build/plugin.wasm, checked the way Envoy loads it
npm test        # debug build, then the tests in tests/ against MockHost
\`\`\`

- \`assembly/index.ts\`: the plugin.
- \`config.json\`: a sample plugin configuration (Higress: the WasmPlugin's \`defaultConfig\`).
- \`tests/\`: \`node --test\` tests that run the plugin in MockHost, a mock of Envoy's proxy-wasm host.
- \`Dockerfile\`: the plugin image Higress pulls (\`FROM scratch\`, \`plugin.wasm\` at the root).
- \`wasmplugin.yaml\`: the Higress \`WasmPlugin\` resource; set \`url\` to where you pushed the image.
- \`envoy.yaml\`, \`docker-compose.yaml\`: plain Envoy in front of httpbin with this plugin:
  \`npm run build && docker compose up\`, then \`curl -v http://127.0.0.1:10000/get\`.
`;
}

function test(facts: ProjectFacts): string {
  return `// Runs the plugin in MockHost (higress-as's mock of Envoy's proxy-wasm host) with the sample
// configuration. \`npm test\` builds build/plugin.wasm first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { MockHost } from "higress-as/host";

const PLUGIN = fileURLToPath(new URL("../build/plugin.wasm", import.meta.url));
const CONFIG = ${facts.configJson.trim()};

test("starts with the sample configuration and handles a request without a trap", async () => {
  const host = await MockHost.create(PLUGIN, { config: CONFIG, pluginName: ${JSON.stringify(facts.name)} });
  assert.equal(host.startStatus, "ok");
  host.callOnHttpRequestHeaders([[":method", "GET"], [":path", "/"], [":authority", "example.com"]], { endOfStream: true });
  host.completeHttp();
  assert.deepEqual(host.getLogs("critical"), []);
});
`;
}

const DOCKERFILE = `# The image layout Higress pulls a plugin from: plugin.wasm at the root of a scratch image.
FROM scratch
COPY build/plugin.wasm ./plugin.wasm
`;

function wasmPlugin(facts: ProjectFacts): string {
  return `# Higress: apply with kubectl after pushing the image (docker build -t <registry>/${facts.name}:0.1.0 . && docker push ...).
apiVersion: extensions.higress.io/v1alpha1
kind: WasmPlugin
metadata:
  name: ${facts.name}
  namespace: higress-system
spec:
  url: oci://<registry>/${facts.name}:0.1.0
  phase: UNSPECIFIED_PHASE
  priority: 100
  defaultConfig: ${JSON.stringify(JSON.parse(facts.configJson))}
`;
}

function envoyYaml(facts: ProjectFacts): string {
  return `# Plain Envoy with the plugin in front of httpbin (see docker-compose.yaml): port 10000.
# Plain Envoy loads only plugins that use no Higress-only host call (Redis): higress-as check --envoy.
static_resources:
  listeners:
    - name: main
      address:
        socket_address: { address: 0.0.0.0, port_value: 10000 }
      filter_chains:
        - filters:
            - name: envoy.filters.network.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                stat_prefix: ingress
                route_config:
                  virtual_hosts:
                    - name: upstream
                      domains: ["*"]
                      routes:
                        - match: { prefix: "/" }
                          route: { cluster: httpbin }
                http_filters:
                  - name: envoy.filters.http.wasm
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm
                      config:
                        name: ${facts.name}
                        configuration:
                          "@type": type.googleapis.com/google.protobuf.StringValue
                          value: ${JSON.stringify(JSON.stringify(JSON.parse(facts.configJson)))}
                        vm_config:
                          runtime: envoy.wasm.runtime.v8
                          code:
                            local: { filename: /etc/envoy/plugin.wasm }
                  - name: envoy.filters.http.router
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
  clusters:
    - name: httpbin
      connect_timeout: 5s
      type: STRICT_DNS
      load_assignment:
        cluster_name: httpbin
        endpoints:
          - lb_endpoints:
              - endpoint:
                  address:
                    socket_address: { address: httpbin, port_value: 80 }
`;
}

const DOCKER_COMPOSE = `# npm run build && docker compose up, then: curl -v http://127.0.0.1:10000/get
services:
  envoy:
    image: envoyproxy/envoy:v1.33-latest
    command: ["envoy", "-c", "/etc/envoy/envoy.yaml", "--log-level", "info"]
    depends_on: [httpbin]
    ports: ["10000:10000"]
    volumes:
      - ./envoy.yaml:/etc/envoy/envoy.yaml:ro
      - ./build/plugin.wasm:/etc/envoy/plugin.wasm:ro
  httpbin:
    image: kennethreitz/httpbin:latest
`;

const GITIGNORE = "node_modules/\nbuild/\n";

/** Every generated default by project path; init writes each one the template does not have. */
export function defaultFiles(facts: ProjectFacts): Record<string, string> {
  return {
    "tsconfig.json": `${JSON.stringify(TSCONFIG, null, 2)}\n`,
    "config.json": `${facts.configJson.trim()}\n`,
    "README.md": readme(facts),
    "tests/plugin.test.mjs": test(facts),
    Dockerfile: DOCKERFILE,
    "wasmplugin.yaml": wasmPlugin(facts),
    "envoy.yaml": envoyYaml(facts),
    "docker-compose.yaml": DOCKER_COMPOSE,
    ".gitignore": GITIGNORE,
  };
}
