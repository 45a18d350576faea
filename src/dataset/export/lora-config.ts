/**
 * A LLaMA-Factory LoRA SFT configuration (YAML) for an export, with the papers' hyper-parameters as a starting
 * point: iPET section 3.1 (context 2,048 tokens, learning rate 5e-6 with cosine decay and 0.1 warm-up, batch 2
 * with 4 gradient-accumulation steps, 3 epochs) and RoleCraft-GLM's LoRA method.
 */
export interface LoraConfigInput {
  /** `dataset_info.json` names of the train and (optional) validation files. */
  train: string;
  validation: string | null;
  model?: string;
  template?: string;
  outputDir?: string;
}

export const PAPER_HYPERPARAMETERS = {
  cutoffLen: 2048,
  learningRate: '5.0e-6',
  scheduler: 'cosine',
  warmupRatio: 0.1,
  batchSize: 2,
  gradientAccumulation: 4,
  epochs: 3,
} as const;

export function renderLoraConfig(input: LoraConfigInput): string {
  const h = PAPER_HYPERPARAMETERS;
  return [
    '# LLaMA-Factory LoRA SFT, written by `ipet dataset export`.',
    '# Run: llamafactory-cli train lora.yaml (from this directory, next to dataset_info.json).',
    '# Hyper-parameters from iPET section 3.1 (they fine-tuned all parameters; 5e-6 is low for LoRA - try',
    '# 1e-4 if the loss barely moves) and RoleCraft-GLM (LoRA).',
    '',
    '### model',
    `model_name_or_path: ${input.model ?? 'Qwen/Qwen2.5-1.5B-Instruct'}`,
    'trust_remote_code: true',
    '',
    '### method',
    'stage: sft',
    'do_train: true',
    'finetuning_type: lora',
    'lora_rank: 8',
    'lora_alpha: 16',
    'lora_dropout: 0.05',
    'lora_target: all',
    '',
    '### dataset',
    `dataset: ${input.train}`,
    ...(input.validation ? [`eval_dataset: ${input.validation}`] : []),
    'dataset_dir: .',
    `template: ${input.template ?? 'qwen'}`,
    `cutoff_len: ${h.cutoffLen}`,
    'overwrite_cache: true',
    'preprocessing_num_workers: 4',
    '',
    '### output',
    `output_dir: ${input.outputDir ?? 'saves/ipet-lora'}`,
    'logging_steps: 10',
    'save_steps: 500',
    'plot_loss: true',
    'overwrite_output_dir: true',
    '',
    '### train',
    `per_device_train_batch_size: ${h.batchSize}`,
    `gradient_accumulation_steps: ${h.gradientAccumulation}`,
    `learning_rate: ${h.learningRate}`,
    `num_train_epochs: ${h.epochs}.0`,
    `lr_scheduler_type: ${h.scheduler}`,
    `warmup_ratio: ${h.warmupRatio}`,
    'bf16: true',
    '',
    ...(input.validation
      ? [
          '### eval',
          `per_device_eval_batch_size: ${h.batchSize}`,
          'eval_strategy: steps',
          'eval_steps: 500',
          '',
        ]
      : []),
  ].join('\n');
}
