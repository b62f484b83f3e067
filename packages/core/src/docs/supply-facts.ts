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
  const sbom =
    supply.sbomPackages === undefined
      ? 'none recorded (built with --no-test, or before SBOMs)'
      : `${supply.sbomPackages} packages (CycloneDX 1.6: OS packages, Python packages, what is built from source)`;
  if (!supply.signed) return { signature: 'not signed (published with signing off)', verify: [], sbom };
  const keyless = supply.signing === 'keyless';
  const verify = keyless
    ? [
        `catalog verify ${node.reference} --identity <the publishing workflow>`,
        `cosign verify --certificate-identity <the publishing workflow> --certificate-oidc-issuer https://token.actions.githubusercontent.com ${node.reference}`,
      ]
    : [`catalog verify ${node.reference} --key cosign.pub`, `cosign verify --key cosign.pub ${node.reference}`];
  return {
    signature: `signed with cosign (${keyless ? 'keyless, CI identity' : 'key'}); SBOM and SLSA provenance attached as signed attestations`,
    verify,
    sbom,
  };
}
