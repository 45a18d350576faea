import type { FriendProfile, FriendRepository, WorldDay, WorldRepository } from '../../core/index.ts';
import { NotFoundError } from '../../core/index.ts';
import { byText, constraintError, copy, json, sorted, type Tables, time } from './tables.ts';

/** A day as a row keeps it: the schedule, usage and degradation are jsonb (null when complete). */
function dayRow(day: WorldDay): WorldDay {
  const degraded = day.degraded ? json(day.degraded) : null;
  return { ...copy(day), schedule: json(day.schedule), usage: json(day.usage), degraded };
}

export function worldRepository(t: Tables): WorldRepository {
  return {
    async getDay(petId, date) {
      const day = t.days.get(`${petId}/${date}`);
      return day ? copy(day) : null;
    },

    async saveDay(day, { replace }) {
      if (!t.pets.has(day.petId) || !t.users.has(day.userId)) throw new NotFoundError('pet', day.petId);
      const key = `${day.petId}/${day.date}`;
      const stored = t.days.get(key);
      if (stored && !replace) return copy(stored);
      const idTaken = [...t.days.entries()].some(([k, d]) => k !== key && d.id === day.id);
      if (idTaken) throw constraintError('worlds.saveDay', 'unique', 'world_days', 'world_days_pkey');
      t.days.set(key, dayRow(day));
      return copy(t.days.get(key)!);
    },

    async listDays(petId, from, to) {
      const days = [...t.days.values()].filter((d) => d.petId === petId && d.date >= from && d.date <= to);
      return sorted(days, (a, b) => byText(a.date, b.date)).map(copy);
    },
  };
}

export function friendRepository(t: Tables): FriendRepository {
  return {
    async listPool() {
      return sorted(
        t.friends.values(),
        (a, b) => time(a.createdAt) - time(b.createdAt) || byText(a.id, b.id),
      ).map(copy);
    },

    async addToPool(pool) {
      for (const friend of pool) {
        const stored = t.friends.get(friend.id);
        const { name, kind, personality, relationship, description } = friend;
        const row: FriendProfile = stored
          ? { ...stored, name, kind, personality, relationship, description }
          : {
              id: friend.id,
              name,
              kind,
              personality,
              relationship,
              description,
              createdAt: new Date(friend.createdAt),
            };
        t.friends.set(friend.id, row);
      }
    },

    async clearPool() {
      t.friends.clear();
      t.links.clear(); // pet_friends rows go by cascade
    },

    async friendsOf(petId) {
      return (t.links.get(petId) ?? []).flatMap((id) => {
        const friend = t.friends.get(id);
        return friend ? [copy(friend)] : [];
      });
    },

    async assign(petId, friendIds) {
      const ids = [...new Set(friendIds)];
      if (ids.length > 0 && (!t.pets.has(petId) || ids.some((id) => !t.friends.has(id)))) {
        throw new NotFoundError('pet or friend', petId);
      }
      if (ids.length === 0) t.links.delete(petId);
      else t.links.set(petId, ids);
    },
  };
}
