export * from './attestation-checks.js';
export * from './provenance.js';
export * from './sbom.js';
export * from './signing.js';
