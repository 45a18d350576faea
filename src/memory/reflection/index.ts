export {
  type NightReflections,
  type ReflectDeps,
  type ReflectInput,
  type ReflectOutcome,
  type ReflectResult,
  reflectNight,
} from './reflect.ts';
export {
  buildReflectionPrompt,
  type ReflectionPrompt,
  type ReflectionPromptInput,
} from './reflect-prompt.ts';
export { MAX_WINDOW_MEMORIES, WEEK, WINDOW_DAYS, weeklyDue, windowOf } from './reflection-window.ts';
