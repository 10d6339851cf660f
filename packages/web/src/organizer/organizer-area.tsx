import { Route, Routes } from 'react-router';

import { NotFoundPage } from '../components/not-found-page.js';
import { OrganizerEventPage } from './organizer-event-page.js';
import { OrganizerHomePage } from './organizer-home-page.js';
import { RequireOrganizer } from './session.js';
import { SignInPage } from './sign-in-page.js';

/** The organizer pages, loaded together the first time an organizer path is opened. */
export default function OrganizerArea() {
  return (
    <Routes>
      <Route path="sign-in" element={<SignInPage />} />
      <Route
        index
        element={
          <RequireOrganizer>
            <OrganizerHomePage />
          </RequireOrganizer>
        }
      />
      <Route
        path="events/:eventId"
        element={
          <RequireOrganizer>
            <OrganizerEventPage />
          </RequireOrganizer>
        }
      />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
