import type { CSSProperties } from 'react';

/** A round badge with a name's initial, tinted from the name so each character keeps its colour. */
export function PetAvatar({ name, size = 'large' }: { name: string; size?: 'large' | 'small' }) {
  let hue = 0;
  for (const char of name) hue = (hue * 31 + (char.codePointAt(0) ?? 0)) % 360;
  const initial = Array.from(name.trim())[0]?.toUpperCase() ?? '?';
  return (
    <span className={`avatar avatar-${size}`} style={{ '--hue': hue } as CSSProperties} aria-hidden="true">
      {initial}
    </span>
  );
}
