import { deleteProfile } from '../../lib/api/profiles';
import { DeskError } from '../../lib/api/invoke';

/**
 * Deleting a profile in two steps: the typed name first; if the desk answers
 * `confirmation_required` (it has cached data), the caller must ask again explicitly
 * before the cache goes too.
 */
export type DeleteOutcome = { done: true } | { done: false; needsPurge: true; message: string };

export async function deleteProfileStep(id: string, purgeCache: boolean): Promise<DeleteOutcome> {
  try {
    await deleteProfile(id, purgeCache);
    return { done: true };
  } catch (err) {
    if (!purgeCache && err instanceof DeskError && err.code === 'confirmation_required') {
      return { done: false, needsPurge: true, message: err.message };
    }
    throw err;
  }
}
