/**
 * @module profiles
 * The pet profile P and the user profile U of the paper: create, read, update and list them, each input
 * validated whole before anything is written (ValidationError names every bad field).
 */
export {
  createPet,
  createUser,
  getPet,
  getUser,
  listPets,
  listUsers,
  type ProfileDeps,
  type ProfilePatch,
  setTrainingConsent,
  updatePet,
  updateUser,
} from './profiles.ts';
