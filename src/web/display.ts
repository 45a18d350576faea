/**
 * This browser's display choices: colours (follow the system's light/dark setting, or a fixed one) and text
 * size. Kept in localStorage and applied as attributes of <html>, which styles.css reads.
 */
export type Theme = 'system' | 'light' | 'dark';
export type TextSize = 'small' | 'normal' | 'large';

export interface DisplayPrefs {
  theme: Theme;
  textSize: TextSize;
}

const KEY = 'ipet.display';
const THEMES: readonly Theme[] = ['system', 'light', 'dark'];
const SIZES: readonly TextSize[] = ['small', 'normal', 'large'];

export function readDisplayPrefs(): DisplayPrefs {
  let stored: Partial<DisplayPrefs> = {};
  try {
    stored = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '{}') as Partial<DisplayPrefs>;
  } catch {
    stored = {};
  }
  return {
    theme: THEMES.includes(stored.theme as Theme) ? (stored.theme as Theme) : 'system',
    textSize: SIZES.includes(stored.textSize as TextSize) ? (stored.textSize as TextSize) : 'normal',
  };
}

/** Applies the choices to the page (and remembers them when `save`). */
export function applyDisplayPrefs(prefs: DisplayPrefs = readDisplayPrefs(), save = false): DisplayPrefs {
  const root = globalThis.document?.documentElement;
  if (root) {
    if (prefs.theme === 'system') delete root.dataset['theme'];
    else root.dataset['theme'] = prefs.theme;
    root.dataset['textSize'] = prefs.textSize;
  }
  if (save) {
    try {
      globalThis.localStorage?.setItem(KEY, JSON.stringify(prefs));
    } catch {
      // A browser that refuses storage keeps the choice for this page only.
    }
  }
  return prefs;
}
