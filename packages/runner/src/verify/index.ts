export { validateCycloneDx } from './validate-sbom.js';
export { statementsOf, type VerifyImageInput, type VerifyImageResult, verifyImage } from './verify-image.js';
