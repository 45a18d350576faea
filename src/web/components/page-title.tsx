import type { ReactNode } from 'react';

/** The page's h1; focusable so that navigation can move focus to it. */
export function PageTitle({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <h1 tabIndex={-1} className={className}>
      {children}
    </h1>
  );
}
