export { type LeftOut, renderDatasheet } from './datasheet.ts';
export {
  type ExportManifest,
  type ExportOptions,
  type ExportSummary,
  exportDataset,
  type ManifestItem,
} from './export.ts';
export {
  EXPORT_FORMATS,
  type ExportFormat,
  openAiLineSchema,
  petText,
  shareGptFileSchema,
  shareGptRecordSchema,
  toOpenAi,
  toShareGpt,
} from './formats.ts';
export { PAPER_HYPERPARAMETERS, renderLoraConfig } from './lora-config.ts';
export { DEFAULT_SHARES, SPLITS, type Split, splitPets } from './split.ts';
