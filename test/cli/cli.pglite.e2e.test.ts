import { cliSuite } from './cli-suite.ts';

cliSuite('pglite');
