/** The catalog tool's version (`catalog --version`, the SBOM's tool, the provenance's builder version). */
export const VERSION = '0.1.0';
