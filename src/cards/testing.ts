// The cards module's test entry: fixtures for other modules' tests (the files live in test/fixtures/cards/).
export { fixture, fixtureJson, fixturePath } from './fixtures.ts';
