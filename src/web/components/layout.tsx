import { type ReactNode, useEffect, useRef } from 'react';
import type { Pet } from '../api/types.ts';
import { type MessageKey, useI18n } from '../i18n/index.ts';
import { Link, usePathname } from '../router/history.tsx';
import { paths, type Route } from '../router/routes.ts';
import { LanguageToggle } from './language-toggle.tsx';
import { PetSwitcher } from './pet-switcher.tsx';

const NAV: Array<{ href: string; label: MessageKey; pages: Array<Route['page']> }> = [
  { href: paths.home, label: 'nav.today', pages: ['home', 'item'] },
  { href: paths.chat, label: 'nav.chat', pages: ['chat'] },
  { href: paths.memories, label: 'nav.memories', pages: ['memories'] },
  { href: paths.friends, label: 'nav.friends', pages: ['friends'] },
  { href: paths.settings, label: 'nav.settings', pages: ['settings'] },
];

/** The frame of every page: header, the AI disclosure, navigation, and focus moved to the new page's title. */
export function Layout(props: {
  pet: Pet | undefined;
  page: Route['page'];
  signedIn: boolean;
  /** Messages the pet started that the user has not seen: a badge on the chat tab. */
  unread?: number;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const pathname = usePathname();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each navigation.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // After an in-app navigation, screen readers and keyboards continue from the new page's heading.
    main.current?.querySelector<HTMLElement>('h1')?.focus();
    window.scrollTo(0, 0);
  }, [pathname]);

  const disclosure = props.pet
    ? t('app.disclosure', { pet: props.pet.profile.name })
    : t('app.disclosureNoPet');

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <Link href={paths.home} className="brand">
          <span aria-hidden="true">🐾</span> {t('app.title')}
        </Link>
        <div className="top-actions">
          {props.signedIn && <PetSwitcher />}
          <LanguageToggle />
        </div>
      </header>
      <p className="disclosure" data-testid="ai-disclosure">
        <span aria-hidden="true" className="disclosure-badge">
          AI
        </span>{' '}
        {disclosure}
      </p>
      {props.signedIn && (
        <nav className="tabs" aria-label={t('nav.label')}>
          <ul>
            {NAV.map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={item.pages.includes(props.page) ? 'page' : undefined}>
                  {t(item.label)}
                  {item.href === paths.chat && props.pet && (props.unread ?? 0) > 0 && (
                    <span
                      className="unread-badge"
                      data-testid="unread-badge"
                      title={t('proactive.unread', {
                        count: String(props.unread),
                        pet: props.pet.profile.name,
                      })}
                    >
                      <span aria-hidden="true">{props.unread}</span>
                      <span className="visually-hidden">
                        {t('proactive.unread', { count: String(props.unread), pet: props.pet.profile.name })}
                      </span>
                    </span>
                  )}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main id="main" ref={main} tabIndex={-1}>
        {props.children}
      </main>
    </div>
  );
}
