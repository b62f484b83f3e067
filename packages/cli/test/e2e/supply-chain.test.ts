import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCosign } from '@catalog/builders';
import { digestReference } from '@catalog/core';
import { RegistryClient, staticCredentials } from '@catalog/registry';
import { type LocalRegistry, localRegistrySkipReason, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { writeTestOciLayout } from '@catalog/registry/test/oci-fixture';
import { fileRunStore, publishSupplyChain, readPackageList, validateCycloneDx } from '@catalog/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { run, workspace } from '../test-io.js';
import { COSIGN, cosignSkipReason, cosignVerify, keyPair } from './cosign.js';

/**
 * Signatures and attestations with the real parts: a local docker-registry, cosign (Debian's), a
 * generated key pair and tiny images written without a builder. The runner's supply step signs an
 * image and attaches its SBOM and provenance; `catalog verify` and the real `cosign verify` accept
 * them; a wrong key, a retagged foreign image and an altered attestation each fail `catalog verify`.
 */
const skip = localRegistrySkipReason() ?? cosignSkipReason();

const RECORDED =
  'deb base-files 13.8 amd64\ndeb openssl 3.5.1-1 amd64\ndeb libc6 2.41-12 amd64\nos debian 13\npip flask==3.1.1\npip Werkzeug==3.1.3\n';

describe.skipIf(skip)(
  `signed images with SBOM and provenance${skip ? ` (skipped: ${skip})` : ''}`,
  { timeout: 120_000 },
  () => {
    let registry: LocalRegistry;
    let client: RegistryClient;
    let keys: { key: string; pub: string };
    let wrong: { key: string; pub: string };
    let dir: string;
    let repository: string;
    let digest: string;
    let out: string;

    beforeAll(async () => {
      registry = await startLocalRegistry();
      client = new RegistryClient({ env: {}, credentials: staticCredentials({}) });
      keys = keyPair(tempDir('supply-keys-'));
      wrong = keyPair(tempDir('supply-wrong-'));
      repository = `${registry.host}/acme/hello`;
      const image = await writeTestOciLayout(tempDir('supply-image-'), {
        layers: [{ 'hello.txt': 'signed image\n' }],
      });
      const pushed = await client.pushOciLayout(image.layoutDir, repository);
      digest = pushed.digest;
      await client.tag(repository, digest, '1.0.0');
      out = tempDir('supply-out-');
      const store = fileRunStore(out);
      await store.writeSbom('hello:1.0.0', RECORDED);
      const signal = new AbortController().signal;
      const supply = await publishSupplyChain(
        {
          node: { id: 'hello:1.0.0', image: 'hello', version: '1.0.0', platforms: ['linux/amd64'] },
          rendered: { family: 'debian' },
          builtFromSource: [
            {
              image: 'python',
              version: '3.13.5',
              url: 'https://www.python.org/ftp/python/3.13.5/Python-3.13.5.tar.xz',
              sha256: 'a'.repeat(64),
              type: null,
              declaredAt: 'images.python.versions.3.13.5.source',
            },
          ],
        },
        {
          settings: {
            out,
            onEvent: () => {},
            revision: '0123456789abcdef0123456789abcdef01234567',
            supply: {
              catalogId: 'https://git.acme.example/platform/catalog',
              builderId: 'urn:catalog:builder:local',
              engine: 'buildah',
              toolVersion: '0.1.0',
              signing: 'key',
            },
          },
          ports: {
            registry: client,
            store,
            cosign: createCosign({ key: keys.key, insecureRegistry: true, env: { COSIGN_PASSWORD: '' } }),
          },
        },
        {
          repository,
          pushed,
          inputHash: 'sha256:feed',
          platform: 'linux/amd64',
          parent: null,
          buildArgs: { MIRROR_PYPI: 'https://user:secret@pypi.example/simple' },
          startedOn: new Date(),
          logFile: join(out, 'sign.log'),
          signal,
          step: () => {},
        },
      );
      expect(supply).toEqual({ signed: true, signing: 'key', sbomPackages: 6 });
      dir = workspace({
        'catalog.yaml': `registry: ${registry.host}/acme\nlabels: { source: https://git.acme.example/platform/catalog }\nimages:\n  hello:\n    kind: os\n    versions: { "1.0.0": {} }\n`,
      });
    }, 90_000);
    afterAll(async () => {
      await registry?.stop();
    });

    it('catalog verify accepts the signature, the SBOM and the provenance', async () => {
      const result = await run(['verify', `${repository}:1.0.0`, '--key', keys.pub], dir, {});
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain(`(${digest})`);
      expect(result.stdout).toMatch(/ok +signature/);
      expect(result.stdout).toMatch(/ok +sbom +CycloneDX, valid, 6 packages/);
      expect(result.stdout).toMatch(/ok +provenance +hello:1.0.0 of https:\/\/git.acme.example\/platform\/catalog/);
      const json = await run(['verify', `${repository}:1.0.0`, '--key', keys.pub, '--json'], dir, {});
      expect(JSON.parse(json.stdout)).toMatchObject({
        ok: true,
        digest,
        checks: [{ ok: true }, { ok: true }, { ok: true }],
      });
    });

    it('the real cosign verify accepts the signature; cosign tree lists the attestations', () => {
      const ref = digestReference(repository, digest);
      const verified = cosignVerify(keys.pub, ref);
      expect(verified.code, verified.output).toBe(0);
      const tree = execFileSync(COSIGN, ['tree', '--allow-http-registry', '--allow-insecure-registry', ref], {
        encoding: 'utf8',
      });
      expect(tree).toMatch(/Signatures/);
      expect(tree).toMatch(/Attestations/);
    });

    it('the SBOM passes the CycloneDX validator, has purls, and is what the upstream check reads', async () => {
      const text = readFileSync(join(out, 'supply', 'hello_1.0.0', 'sbom.cdx.json'), 'utf8');
      expect(await validateCycloneDx(text)).toBeUndefined();
      const purls = (JSON.parse(text).components as { purl?: string }[]).map((c) => c.purl);
      expect(purls).toContain('pkg:deb/debian/openssl@3.5.1-1?arch=amd64&distro=debian-13');
      expect(purls).toContain('pkg:pypi/flask@3.1.1');
      expect(purls).toContain('pkg:pypi/werkzeug@3.1.3');
      const recorded = await readPackageList(client, repository, digest);
      expect(recorded?.kind).toBe('sbom');
      const provenance = readFileSync(join(out, 'supply', 'hello_1.0.0', 'provenance.intoto.json'), 'utf8');
      expect(provenance).not.toContain('secret');
      expect(JSON.parse(provenance).subject[0].digest.sha256).toBe(digest.slice('sha256:'.length));
    });

    it('a wrong key fails', async () => {
      const result = await run(['verify', `${repository}:1.0.0`, '--key', wrong.pub], dir, {});
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/FAIL +signature/);
      expect(result.stdout).toMatch(/not verified: signature/);
    });

    it('a catalog verify with no key to use is a usage error naming the fix', async () => {
      const result = await run(['verify', `${repository}:1.0.0`], dir, {
        CATALOG_CACHE: tempDir('supply-cache-'),
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/no public key to verify with.*--key FILE/s);
    });

    it('an altered attestation fails', async () => {
      const altered = `${registry.host}/acme/altered`;
      const copy = await writeTestOciLayout(tempDir('supply-alt-'), {
        layers: [{ 'hello.txt': 'signed image\n' }],
      });
      const pushed = await client.pushOciLayout(copy.layoutDir, altered);
      // Copy the signed image's signature and attestations to the new repository, then alter one envelope.
      for (const suffix of ['sig', 'att']) {
        const tag = `${digest.replace(':', '-')}.${suffix}`;
        const manifest = await client.getManifest(`${repository}:${tag}`);
        const parsed = JSON.parse(new TextDecoder().decode(manifest.bytes));
        for (const layer of [parsed.config, ...parsed.layers]) {
          const bytes = await fetchBlob(registry.url, 'acme/hello', layer.digest);
          const changed = suffix === 'att' && layer !== parsed.config ? alterEnvelope(bytes) : bytes;
          const pushedBlob = await client.pushBlob(altered, blobSource(changed));
          if (changed !== bytes) {
            layer.digest = pushedBlob.digest;
            layer.size = changed.length;
          }
        }
        await client.putManifest(altered, tag, {
          mediaType: manifest.mediaType,
          bytes: new TextEncoder().encode(JSON.stringify(parsed)),
        });
      }
      expect(pushed.digest).toBe(digest);
      await client.tag(altered, pushed.digest, '1.0.0');
      const result = await run(['verify', `${altered}:1.0.0`, '--key', keys.pub], dir, {});
      expect(result.code, result.stdout).toBe(1);
      expect(result.stdout).toMatch(/ok +signature/);
      expect(result.stdout).toMatch(/FAIL +(sbom|provenance)/);
    });

    it('a retagged foreign image fails', async () => {
      const foreign = await writeTestOciLayout(tempDir('supply-foreign-'), {
        layers: [{ 'hello.txt': 'someone else\n' }],
      });
      const pushed = await client.pushOciLayout(foreign.layoutDir, repository);
      await client.tag(repository, pushed.digest, '1.0.0');
      const result = await run(['verify', `${repository}:1.0.0`, '--key', keys.pub], dir, {});
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/FAIL +signature/);
      expect(result.stdout).toMatch(/FAIL +sbom/);
      expect(result.stdout).toMatch(/FAIL +provenance/);
    });
  },
);

async function fetchBlob(url: string, name: string, digest: string): Promise<Uint8Array> {
  const response = await fetch(`${url}/v2/${name}/blobs/${digest}`);
  return new Uint8Array(await response.arrayBuffer());
}

function blobSource(bytes: Uint8Array) {
  const hex = createHash('sha256').update(bytes).digest('hex') as string;
  return { digest: `sha256:${hex}`, size: bytes.length, open: () => bytes };
}

/** Rewrites the DSSE envelope's statement (a package renamed), keeping its now-wrong signature. */
function alterEnvelope(bytes: Uint8Array): Uint8Array {
  const envelope = JSON.parse(new TextDecoder().decode(bytes));
  const statement = Buffer.from(envelope.payload, 'base64').toString('utf8').replace('openssl', 'openssh');
  const replaced = statement.includes('openssh') ? statement : statement.replace('hello:1.0.0', 'hello:6.6.6');
  envelope.payload = Buffer.from(replaced).toString('base64');
  return new TextEncoder().encode(JSON.stringify(envelope));
}
