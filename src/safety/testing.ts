// The safety module's test entry: the corpora that measure the injection and poisoning screens.
export { type AttackLine, attackLines, MEMORY_SCREEN_KINDS } from './attack-lines.ts';
export {
  type DialogueCategory,
  type DialogueTurn,
  type OrdinaryDialogueOptions,
  ordinaryDialogue,
} from './ordinary-dialogue.ts';
export { measureScreen, type ScreenFigures, type ScreenUnderTest } from './screen-precision.ts';
