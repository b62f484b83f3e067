export {
  assessReference,
  type OutdatedEntry,
  type OutdatedStatus,
  type RegistryFacts,
  tagsToResolve,
} from './assess.js';
export { type ClassifiedReference, classifyReference, type OurReference, type PinKind } from './classify.js';
export { dockerfileReferences, manifestReferences, type WrittenReference } from './image-references.js';
export { type ReferenceEdit, rewriteReferences } from './rewrite.js';
