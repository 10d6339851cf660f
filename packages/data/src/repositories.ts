import { IGNORE_ACTIVITY, type ActivityRecorder } from '@ltc/domain';

import { ConnectionsRepository } from './connections-repository.js';
import { EventsRepository } from './events-repository.js';
import { LiveRepository } from './live-repository.js';
import { RegistrationsRepository } from './registrations-repository.js';
import type { Store } from './store.js';
import { TalksRepository } from './talks-repository.js';

/** All repositories over one store, as the API and the local runtime use them. */
export interface Repositories {
  readonly events: EventsRepository;
  readonly registrations: RegistrationsRepository;
  readonly talks: TalksRepository;
  readonly connections: ConnectionsRepository;
  readonly live: LiveRepository;
}

export interface RepositoryOptions {
  /** Told of each registration, promotion and talk once it is stored. @default Nobody */
  readonly activity?: ActivityRecorder;
}

export function createRepositories(store: Store, options: RepositoryOptions = {}): Repositories {
  const events = new EventsRepository(store);
  const activity = options.activity ?? IGNORE_ACTIVITY;
  const talks = new TalksRepository(store, events, activity);
  return {
    events,
    registrations: new RegistrationsRepository(store, events, activity),
    talks,
    connections: new ConnectionsRepository(store, events),
    live: new LiveRepository(store, events, talks, activity),
  };
}
