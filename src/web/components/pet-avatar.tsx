import { type CSSProperties, useContext } from 'react';
import { AppContext } from '../app-context.ts';
import { usePortrait } from '../use-portrait.ts';

/**
 * The pet's portrait when it has one (`avatarUrl`, or `src` for an image the browser already holds), else a
 * round badge with its initial, tinted from the name so each character keeps its colour.
 */
export function PetAvatar({
  name,
  size = 'large',
  avatarUrl = null,
  src,
}: {
  name: string;
  size?: 'large' | 'small' | 'tiny';
  avatarUrl?: string | null;
  src?: string;
}) {
  const api = useContext(AppContext)?.api;
  const portrait = usePortrait(api, src ? null : avatarUrl);
  const image = src ?? portrait;
  if (image) {
    return (
      <img
        className={`avatar avatar-${size} avatar-image`}
        src={image}
        alt=""
        aria-hidden="true"
        data-testid="portrait"
        draggable={false}
      />
    );
  }
  let hue = 0;
  for (const char of name) hue = (hue * 31 + (char.codePointAt(0) ?? 0)) % 360;
  const initial = Array.from(name.trim())[0]?.toUpperCase() ?? '?';
  return (
    <span className={`avatar avatar-${size}`} style={{ '--hue': hue } as CSSProperties} aria-hidden="true">
      {initial}
    </span>
  );
}
