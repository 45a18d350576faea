import { describe, expect, it } from 'vitest';
import { matchRoute, paths } from './routes.ts';

describe('matchRoute', () => {
  it('parses every page path back to its route', () => {
    expect(matchRoute(paths.home)).toEqual({ page: 'home' });
    expect(matchRoute(paths.welcome)).toEqual({ page: 'welcome' });
    expect(matchRoute(paths.item('2026-05-01', 3))).toEqual({ page: 'item', date: '2026-05-01', index: 3 });
    expect(matchRoute(paths.chat)).toEqual({ page: 'chat' });
    expect(matchRoute(`${paths.memories}/`)).toEqual({ page: 'memories' });
    expect(matchRoute(paths.friends)).toEqual({ page: 'friends' });
    expect(matchRoute(paths.settings)).toEqual({ page: 'settings' });
    expect(matchRoute(paths.pets)).toEqual({ page: 'pets' });
    expect(matchRoute(paths.petNew)).toEqual({ page: 'pet-new' });
    expect(matchRoute(paths.petEdit('pet 1/2'))).toEqual({ page: 'pet-edit', petId: 'pet 1/2' });
  });

  it('rejects malformed paths', () => {
    expect(matchRoute('/day/yesterday/1').page).toBe('not-found');
    expect(matchRoute('/day/2026-05-01/x').page).toBe('not-found');
    expect(matchRoute('/nope').page).toBe('not-found');
    expect(matchRoute('/pets/a/b').page).toBe('not-found');
  });
});
