/**
 * Character-card macros: `{{user}}` / `<USER>` is how the pet calls the user, `{{char}}` / `<BOT>` the pet's
 * name. Imported cards use them throughout the persona and greeting.
 */
export function resolveMacros(text: string, names: { user: string; char: string }): string {
  return text
    .replace(/\{\{\s*user\s*\}\}|<USER>/gi, names.user)
    .replace(/\{\{\s*char\s*\}\}|<BOT>/gi, names.char);
}
