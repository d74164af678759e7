// The plugin image as an OCI image layout (a directory, and the same as one tar), in the shape
// Higress's image fetcher, skopeo and umoci all read: one file per layer, plugin.wasm in a gzipped
// tar as the LAST layer (the fetcher takes the last layer), spec.yaml and README.md before it
// with Higress's media types, and a real OCI image config so generic tools accept the image.
//
// umoci unpacks only images whose every layer is a tar, so the layout holds a second manifest,
// tagged `<tag>-compat`: the same config and wasm layer without the metadata layers (the "compat"
// variant of the Wasm image spec). Higress's fetcher reads either; they share every blob but the
// manifest.

import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { tarArchive, type TarEntry } from "./tar.js";

export const MEDIA_TYPES = {
  index: "application/vnd.oci.image.index.v1+json",
  manifest: "application/vnd.oci.image.manifest.v1+json",
  config: "application/vnd.oci.image.config.v1+json",
  wasmLayer: "application/vnd.oci.image.layer.v1.tar+gzip",
  spec: "application/vnd.module.wasm.spec.v1+yaml",
  readme: "application/vnd.module.wasm.doc.v1+markdown",
} as const;

const TITLE = "org.opencontainers.image.title";
const REF_NAME = "org.opencontainers.image.ref.name";

/** A content-addressed blob and the descriptor that points at it. */
interface Blob {
  bytes: Uint8Array;
  descriptor: { mediaType: string; digest: string; size: number; annotations?: Record<string, string> };
}

/** What goes into the image. */
export interface ImageInput {
  wasm: Uint8Array;
  tag: string;
  specYaml?: string;
  readme?: string;
}

/** The built image: every blob, and the digests a WasmPlugin and a reader need. */
export interface Image {
  blobs: Blob[];
  index: Uint8Array;
  /** Digest of the Higress image (tag `<tag>`): the WasmPlugin's `sha256`, bare hex after `sha256:`. */
  manifestDigest: string;
  /** Digest of the single-layer compat image (tag `<tag>-compat`). */
  compatManifestDigest: string;
  wasmLayerDigest: string;
}

/** The tag of the single-layer image that umoci can unpack. */
export const compatTag = (tag: string) => `${tag}-compat`;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

function blob(bytes: Uint8Array, mediaType: string, title?: string): Blob {
  const descriptor: Blob["descriptor"] = { mediaType, digest: `sha256:${sha256(bytes)}`, size: bytes.length };
  if (title !== undefined) descriptor.annotations = { [TITLE]: title };
  return { bytes, descriptor };
}

/** Builds the image's blobs, manifest and index. Deterministic: same input, same digests. */
export function buildImage(input: ImageInput): Image {
  const pluginTar = tarArchive([{ path: "plugin.wasm", data: input.wasm }]);
  const layers: Blob[] = [];
  if (input.specYaml !== undefined) layers.push(blob(new TextEncoder().encode(input.specYaml), MEDIA_TYPES.spec, "spec.yaml"));
  if (input.readme !== undefined) layers.push(blob(new TextEncoder().encode(input.readme), MEDIA_TYPES.readme, "README.md"));
  const wasmLayer = blob(gzipSync(pluginTar, { level: 9 }), MEDIA_TYPES.wasmLayer, "plugin.tar.gz");
  layers.push(wasmLayer);
  // diff_ids name the uncompressed tar layers only: the metadata layers are not filesystem
  // changes, and umoci applies exactly the layers the config lists.
  const config = blob(
    json({
      architecture: "amd64",
      os: "linux",
      config: {},
      rootfs: { type: "layers", diff_ids: [`sha256:${sha256(pluginTar)}`] },
    }),
    MEDIA_TYPES.config,
  );
  const manifestOf = (of: Blob[], annotations?: Record<string, string>) =>
    blob(
      json({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.manifest,
        config: config.descriptor,
        layers: of.map((l) => l.descriptor),
        ...(annotations === undefined ? {} : { annotations }),
      }),
      MEDIA_TYPES.manifest,
    );
  const manifest = manifestOf(layers);
  const compat = manifestOf([wasmLayer], { "module.wasm.image/variant": "compat" });
  const index = json({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.index,
    manifests: [
      { ...manifest.descriptor, annotations: { [REF_NAME]: input.tag } },
      { ...compat.descriptor, annotations: { [REF_NAME]: compatTag(input.tag) } },
    ],
  });
  return {
    blobs: [config, ...layers, manifest, compat],
    index,
    manifestDigest: manifest.descriptor.digest,
    compatManifestDigest: compat.descriptor.digest,
    wasmLayerDigest: wasmLayer.descriptor.digest,
  };
}

function layoutEntries(image: Image): TarEntry[] {
  const entries: TarEntry[] = [
    { path: "oci-layout", data: json({ imageLayoutVersion: "1.0.0" }) },
    { path: "index.json", data: image.index },
    { path: "blobs" },
    { path: "blobs/sha256" },
  ];
  const seen = new Set<string>();
  for (const b of image.blobs) {
    const hex = b.descriptor.digest.slice("sha256:".length);
    if (seen.has(hex)) continue;
    seen.add(hex);
    entries.push({ path: `blobs/sha256/${hex}`, data: b.bytes });
  }
  return entries;
}

/** Writes the image as an OCI layout directory at `dir`. */
export function writeLayoutDir(image: Image, dir: string): void {
  for (const entry of layoutEntries(image)) {
    const path = join(dir, entry.path);
    if (entry.data === undefined) mkdirSync(path, { recursive: true });
    else {
      mkdirSync(join(path, ".."), { recursive: true });
      writeFileSync(path, entry.data);
    }
  }
}

/** The image as one OCI layout tar, entries at the archive root (what `oci-archive:` reads). */
export function layoutTar(image: Image): Uint8Array {
  return tarArchive(layoutEntries(image));
}
