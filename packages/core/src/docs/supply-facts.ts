import { repositoryOfReference } from '../names/names.js';
import type { NodeReportSupply } from '../report/build-report.js';
import type { DocsNode } from './model.js';

/** What the docs say about a published image's signature and SBOM: plain text, each format escapes it. */
export interface SupplyFacts {
  readonly signature: string;
  /** Commands that verify the image (empty when it is not signed). */
  readonly verify: readonly string[];
  readonly sbom: string;
}

/** The signature, verify commands and SBOM size of a node's published image; undefined when it is not built. */
export function supplyFacts(node: DocsNode): SupplyFacts | undefined {
  const published = node.published;
  if (!published) return undefined;
  const supply = published.supply;
  if (!supply)
    return {
      signature: 'unknown (this state does not say; check with catalog verify)',
      verify: [`catalog verify ${node.reference}`],
      sbom: 'unknown',
    };
  const sbom = sbomText(supply);
  if (!supply.signed) return { signature: 'not signed (published with signing off)', verify: [], sbom };
  const keyless = supply.signing === 'keyless';
  const verify = verifyCommands(node.reference, supply, keyless);
  const what = supply.platforms
    ? `${supply.indexSigned ? 'the image index and ' : ''}each platform's image (${supply.platforms.map((p) => p.platform).join(', ')})`
    : '';
  return {
    signature: `${what ? `${what} ` : ''}signed with cosign (${keyless ? 'keyless, CI identity' : 'key'}); SBOM and SLSA provenance attached as signed attestations`,
    verify,
    sbom,
  };
}

/**
 * `catalog verify` and cosign's own command. Of an image index whose index is signed, cosign
 * verifies the tag itself (the index), and each platform's manifest by its digest; of one published
 * before indexes were signed, only each platform's manifest.
 */
function verifyCommands(reference: string, supply: NodeReportSupply, keyless: boolean): string[] {
  const perPlatform = `${repositoryOfReference(reference) ?? reference}@<each platform's manifest digest>`;
  const targets = !supply.platforms ? [reference] : supply.indexSigned ? [reference, perPlatform] : [perPlatform];
  const cosign = keyless
    ? 'cosign verify --certificate-identity <the publishing workflow> --certificate-oidc-issuer https://token.actions.githubusercontent.com'
    : 'cosign verify --key cosign.pub';
  const catalog = keyless
    ? `catalog verify ${reference} --identity <the publishing workflow>`
    : `catalog verify ${reference} --key cosign.pub`;
  return [catalog, ...targets.map((target) => `${cosign} ${target}`)];
}

const SBOM_CONTENT = '(CycloneDX 1.6: OS packages, Python packages, what is built from source)';
const NO_SBOM = 'none recorded (built with --no-test, or before SBOMs)';

/** The SBOM's size; for an image of several platforms, each platform's SBOM (each manifest has its own). */
function sbomText(supply: NodeReportSupply): string {
  if (supply.platforms) {
    const each = supply.platforms.map(
      (p) => `${p.platform}: ${p.sbomPackages === undefined ? 'none recorded' : `${p.sbomPackages} packages`}`,
    );
    return supply.platforms.some((p) => p.sbomPackages !== undefined) ? `${each.join(', ')} ${SBOM_CONTENT}` : NO_SBOM;
  }
  return supply.sbomPackages === undefined ? NO_SBOM : `${supply.sbomPackages} packages ${SBOM_CONTENT}`;
}
