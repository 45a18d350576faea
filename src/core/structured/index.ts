export { type CallTags, tagsToProviderOptions } from './call-tags.ts';
export {
  DEFAULT_STRUCTURED_MAX_OUTPUT_TOKENS,
  generateStructured,
  type SemanticCheck,
  type StructuredCall,
  type StructuredResult,
} from './generate-structured.ts';
