import { CATALOG_BUILD_TYPE, CYCLONEDX_PREDICATE_TYPE, SLSA_PROVENANCE_V1 } from './provenance.js';
import { sbomPackageCount } from './sbom.js';

/** An in-toto statement as an attestation carries it (the DSSE envelope's payload, decoded). */
export interface AttestedStatement {
  readonly _type?: unknown;
  readonly subject?: unknown;
  readonly predicateType?: unknown;
  readonly predicate?: unknown;
}

/** One check of `catalog verify`: its name, whether it passed, and what was found. */
export interface VerifyCheck {
  readonly check: 'signature' | 'sbom' | 'provenance';
  readonly ok: boolean;
  readonly detail: string;
  /** The platform whose manifest was checked, for an image index (each platform is checked). */
  readonly platform?: string;
}

/** Whether a statement's subject names the digest (`sha256:<hex>`). */
export function subjectNames(statement: AttestedStatement, digest: string): boolean {
  const [algorithm, hex] = digest.split(':');
  if (!algorithm || !hex || !Array.isArray(statement.subject)) return false;
  return statement.subject.some((s: { digest?: Record<string, unknown> }) => s?.digest?.[algorithm] === hex);
}

/**
 * The provenance check: a SLSA v1 statement about this digest, of the catalog's build type, naming
 * the catalog (`expectedCatalog`, when the caller has one to compare with).
 */
export function checkProvenance(
  statements: readonly AttestedStatement[],
  digest: string,
  expectedCatalog: string | undefined,
): VerifyCheck {
  const fail = (detail: string): VerifyCheck => ({ check: 'provenance', ok: false, detail });
  const provenance = statements.filter((s) => s.predicateType === SLSA_PROVENANCE_V1);
  if (provenance.length === 0) return fail('no SLSA v1 provenance is attached');
  const about = provenance.filter((s) => subjectNames(s, digest));
  if (about.length === 0) return fail(`the provenance's subject is not the image's digest ${digest}`);
  for (const statement of about) {
    const definition = (statement.predicate as { buildDefinition?: Record<string, unknown> } | undefined)
      ?.buildDefinition;
    const parameters = definition?.externalParameters as { catalog?: unknown; node?: unknown } | undefined;
    if (definition?.buildType !== CATALOG_BUILD_TYPE)
      return fail(`the provenance's build type is ${JSON.stringify(definition?.buildType)}, not ${CATALOG_BUILD_TYPE}`);
    if (typeof parameters?.catalog !== 'string' || typeof parameters.node !== 'string')
      return fail('the provenance names no catalog and node (buildDefinition.externalParameters)');
    if (expectedCatalog !== undefined && parameters.catalog !== expectedCatalog)
      return fail(`the provenance names the catalog ${parameters.catalog}, not ${expectedCatalog}`);
    return { check: 'provenance', ok: true, detail: `${parameters.node} of ${parameters.catalog}, subject ${digest}` };
  }
  return fail('no provenance statement');
}

/**
 * The SBOM check's part that needs no schema: a CycloneDX statement about this digest. Returns the
 * SBOM documents to validate against the CycloneDX schema (the caller's validator does that).
 */
export function attestedSboms(
  statements: readonly AttestedStatement[],
  digest: string,
): { readonly check?: VerifyCheck; readonly sboms: readonly unknown[] } {
  const fail = (detail: string) => ({ check: { check: 'sbom' as const, ok: false, detail }, sboms: [] });
  const sboms = statements.filter((s) => s.predicateType === CYCLONEDX_PREDICATE_TYPE);
  if (sboms.length === 0) return fail('no CycloneDX SBOM is attached');
  const about = sboms.filter((s) => subjectNames(s, digest));
  if (about.length === 0) return fail(`the SBOM's subject is not the image's digest ${digest}`);
  return { sboms: about.map((s) => s.predicate) };
}

/** The SBOM check once its documents passed the schema. */
export function sbomPassed(sboms: readonly unknown[]): VerifyCheck {
  const counts = sboms.map(sbomPackageCount);
  return { check: 'sbom', ok: true, detail: `CycloneDX, valid, ${Math.max(...counts)} packages` };
}
