/** The group in the identity provider whose members run events. */
export const ORGANIZERS_GROUP = 'organizers';

/** A signed-in organizer, as the verified access token describes them. */
export interface Organizer {
  /** The identity provider's stable subject id. */
  readonly id: string;
  readonly username: string;
}
