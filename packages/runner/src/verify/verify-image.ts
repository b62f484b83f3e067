import { type AttestationType, type CosignVerifier, cosignVerifyArgv, type QueryResult } from '@catalog/builders';
import {
  type AttestedStatement,
  attestedSboms,
  checkProvenance,
  digestReference,
  repositoryOfReference,
  sbomPassed,
  type VerifyCheck,
} from '@catalog/core';
import { INDEX_MEDIA_TYPES, type RegistryClient } from '@catalog/registry';
import { validateCycloneDx } from './validate-sbom.js';

export interface VerifyImageInput {
  /** `host/repo:tag` or `host/repo@sha256:…`. */
  readonly reference: string;
  readonly verifier: CosignVerifier;
  readonly registry: Pick<RegistryClient, 'resolve' | 'platformDigests'>;
  /** Runs a cosign command and returns its output (builders' runCosignQuery). */
  readonly query: (argv: readonly string[]) => Promise<QueryResult>;
  readonly insecureRegistry: boolean;
  /** What the provenance must name as its catalog (core's catalogIdentity); undefined: not compared. */
  readonly expectedCatalog: string | undefined;
}

export interface VerifyImageResult {
  readonly reference: string;
  readonly digest?: string;
  readonly ok: boolean;
  readonly checks: readonly VerifyCheck[];
}

/**
 * What a consumer checks before trusting one of our images: cosign accepts its signature (with the
 * key or keyless identity given), a signed CycloneDX SBOM about its digest is attached and valid
 * against the CycloneDX schema, and a signed SLSA provenance about its digest names this catalog.
 * Every check runs (one failure hides no other), by digest, so a tag moved mid-check changes nothing.
 * An image index (a node built for several platforms) has its own signature checked (the check
 * with no platform), then each platform's: each platform's manifest is what the build signed too
 * and what its SBOM and provenance are about.
 */
export async function verifyImage(input: VerifyImageInput): Promise<VerifyImageResult> {
  const resolved = await input.registry.resolve(input.reference);
  if (!resolved) {
    const detail = `${input.reference} is not in the registry`;
    return { reference: input.reference, ok: false, checks: [{ check: 'signature', ok: false, detail }] };
  }
  const repository = repositoryOfReference(input.reference) ?? input.reference;
  const checks: VerifyCheck[] = [];
  if (!INDEX_MEDIA_TYPES.includes(resolved.mediaType))
    checks.push(...(await verifyManifest(input, repository, resolved.digest)));
  else {
    const platforms = await input.registry.platformDigests(digestReference(repository, resolved.digest));
    // The index itself: what its tags name, so what `cosign verify <tag>` checks.
    const index = await signatureCheck(input, digestReference(repository, resolved.digest));
    checks.push({ ...index, detail: `image index (${resolved.digest}): ${index.detail}` });
    if (platforms.length === 0)
      checks.push({ check: 'signature', ok: false, detail: `the image index ${resolved.digest} lists no platform` });
    for (const { platform, digest } of platforms)
      for (const check of await verifyManifest(input, repository, digest))
        checks.push({ ...check, platform, detail: `${platform} (${digest}): ${check.detail}` });
  }
  return { reference: input.reference, digest: resolved.digest, ok: checks.every((c) => c.ok), checks };
}

/** The three checks of one single-platform manifest, by digest. */
async function verifyManifest(input: VerifyImageInput, repository: string, digest: string): Promise<VerifyCheck[]> {
  const pinned = digestReference(repository, digest);
  const cosign = { insecureRegistry: input.insecureRegistry };
  const checks: VerifyCheck[] = [await signatureCheck(input, pinned)];
  const attested = async (type: AttestationType): Promise<Attested> => {
    const result = await input.query(cosignVerifyArgv(cosign, input.verifier, pinned, type));
    if (result.exitCode === 0) return { ok: true, statements: statementsOf(result.stdout) };
    return { ok: false, error: lastLine(result) };
  };
  const sbom = await attested('cyclonedx');
  checks.push(sbom.ok ? await sbomCheck(sbom.statements, digest) : fail('sbom', sbom.error));
  const provenance = await attested('slsaprovenance1');
  checks.push(
    provenance.ok
      ? checkProvenance(provenance.statements, digest, input.expectedCatalog)
      : fail('provenance', provenance.error),
  );
  return checks;
}

/** cosign accepts a signature of `pinned` (`repo@sha256:…`) by the verifier. */
async function signatureCheck(input: VerifyImageInput, pinned: string): Promise<VerifyCheck> {
  const result = await input.query(
    cosignVerifyArgv({ insecureRegistry: input.insecureRegistry }, input.verifier, pinned),
  );
  return result.exitCode === 0
    ? { check: 'signature', ok: true, detail: `signed (${describe(input.verifier)})` }
    : { check: 'signature', ok: false, detail: `cosign verify failed: ${lastLine(result)}` };
}

type Attested =
  | { readonly ok: true; readonly statements: AttestedStatement[] }
  | { readonly ok: false; readonly error: string };

function fail(check: 'sbom' | 'provenance', error: string): VerifyCheck {
  const what = check === 'sbom' ? 'SBOM' : 'provenance';
  return { check, ok: false, detail: `no verified ${what} attestation: ${error}` };
}

async function sbomCheck(statements: readonly AttestedStatement[], digest: string): Promise<VerifyCheck> {
  const found = attestedSboms(statements, digest);
  if (found.check) return found.check;
  for (const bom of found.sboms) {
    const problem = await validateCycloneDx(JSON.stringify(bom));
    if (problem) return { check: 'sbom', ok: false, detail: `the SBOM is not valid CycloneDX 1.6: ${problem}` };
  }
  return sbomPassed(found.sboms);
}

/** The in-toto statements of `cosign verify-attestation`'s output: one DSSE envelope (JSON) per line. */
export function statementsOf(stdout: string): AttestedStatement[] {
  const statements: AttestedStatement[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    try {
      const envelope = JSON.parse(line) as { payload?: unknown };
      if (typeof envelope.payload !== 'string') continue;
      statements.push(JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as AttestedStatement);
    } catch {
      // Not an envelope: cosign prints nothing else on stdout, so such a line is skipped.
    }
  }
  return statements;
}

function describe(verifier: CosignVerifier): string {
  return 'key' in verifier ? `key ${verifier.key}` : `identity ${verifier.identity}, issuer ${verifier.issuer}`;
}

/** cosign's reason: the last line of its error output that says something. */
function lastLine(result: QueryResult): string {
  const lines = `${result.stderr}\n${result.stdout}`
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const error = lines.filter((l) => /^Error:|error/i.test(l)).pop();
  return (error ?? lines.pop() ?? `exit ${result.exitCode}`).replace(/^Error:\s*/, '');
}
