import { ConnectionsRepository } from './connections-repository.js';
import { EventsRepository } from './events-repository.js';
import { RegistrationsRepository } from './registrations-repository.js';
import type { Store } from './store.js';
import { TalksRepository } from './talks-repository.js';

/** All repositories over one store, as the API and the local runtime use them. */
export interface Repositories {
  readonly events: EventsRepository;
  readonly registrations: RegistrationsRepository;
  readonly talks: TalksRepository;
  readonly connections: ConnectionsRepository;
}

export function createRepositories(store: Store): Repositories {
  const events = new EventsRepository(store);
  return {
    events,
    registrations: new RegistrationsRepository(store, events),
    talks: new TalksRepository(store, events),
    connections: new ConnectionsRepository(store, events),
  };
}
