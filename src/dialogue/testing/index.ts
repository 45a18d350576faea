// The dialogue module's test entry, for other modules' tests: collecting a turn's parts.
export { collect, partOf, T0 } from './fixture.ts';
