export { callSpec, type StructuredCallSpec, type UncarriedRule } from './call-spec.ts';
export { type CallTags, tagsToProviderOptions } from './call-tags.ts';
export {
  DEFAULT_STRUCTURED_MAX_OUTPUT_TOKENS,
  generateStructured,
  type SemanticCheck,
  type SemanticResult,
  type StructuredCall,
  type StructuredResult,
} from './generate-structured.ts';
export { type ModelBounds, modelBounds } from './model-bounds.ts';
