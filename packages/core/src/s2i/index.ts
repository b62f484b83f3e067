export {
  DEFAULT_S2I_DESTINATION,
  NotS2iBuilderError,
  S2I_LABELS,
  type S2iBuilder,
  type S2iImageConfig,
  s2iBuilderOf,
} from './s2i-builder.js';
export { S2I_SOURCE_FOLDER, type S2iDockerfileInput, s2iDockerfile } from './s2i-dockerfile.js';
