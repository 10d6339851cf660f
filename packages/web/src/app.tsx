import { lazy } from 'react';
import { Route, Routes } from 'react-router';

import { Layout } from './components/layout.js';
import { NotFoundPage } from './components/not-found-page.js';
import { EventPage } from './public/event-page.js';
import { EventsPage } from './public/events-page.js';

// The home and event pages ship in the first bundle: they are where people arrive, from the
// site's address or a shared link to an evening, and an event page's data can then be asked
// for at once instead of after one more round trip. Every other page loads when first opened.
const LiveEventPage = lazy(async () => ({
  default: (await import('./live/live-event-page.js')).LiveEventPage,
}));
const ManageRegistrationPage = lazy(async () => ({
  default: (await import('./manage/manage-registration-page.js')).ManageRegistrationPage,
}));
const ManageTalkPage = lazy(async () => ({
  default: (await import('./manage/manage-talk-page.js')).ManageTalkPage,
}));
const OrganizerArea = lazy(() => import('./organizer/organizer-area.js'));

/** Every page of the site, by path. */
export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<EventsPage when="upcoming" />} />
        <Route path="past" element={<EventsPage when="past" />} />
        <Route path="events/:eventId" element={<EventPage />} />
        <Route path="events/:eventId/live" element={<LiveEventPage />} />
        <Route
          path="manage/registration/:eventId/:registrationId"
          element={<ManageRegistrationPage />}
        />
        <Route path="manage/talk/:eventId/:talkId" element={<ManageTalkPage />} />
        <Route path="organizer/*" element={<OrganizerArea />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
