import { crisisSteering } from '../../../safety/index.ts';
import { type ContextProvider, PRIORITY } from '../types.ts';

/**
 * The crisis or concern steering of one turn (validate feelings, encourage human help, never methods, never
 * discourage professional help), last in the turn context so it outranks the day and the story.
 * Never dropped.
 */
export function safetySteeringProvider(level: 'crisis' | 'concern'): ContextProvider {
  return {
    name: 'safety-steering',
    async provide(turn) {
      return [
        {
          key: 'safety-steering',
          text: crisisSteering(turn.locale, level),
          stable: false,
          priority: PRIORITY.required,
        },
      ];
    },
  };
}
