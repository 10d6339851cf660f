import { z } from 'zod';

import type { LtcEvent } from './event.js';
import { isEventActive } from './event.js';
import { ConflictError, RuleViolationError } from './errors.js';
import { emailAddress, personText } from './text.js';

export const ATTENDANCE_MODES = ['onsite', 'online'] as const;
export type Attendance = (typeof ATTENDANCE_MODES)[number];

export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** One person's place at one event. */
export interface Registration {
  readonly id: string;
  readonly eventId: string;
  readonly name: string;
  readonly email: string;
  readonly attendance: Attendance;
  readonly status: RegistrationStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When a waitlisted registration got its seat. */
  readonly promotedAt: string | undefined;
  readonly cancelledAt: string | undefined;
  /** When an organizer checked the person in at the door; only confirmed onsite places. */
  readonly checkedInAt: string | undefined;
}

export const registerSchema = z.strictObject({
  name: personText(100),
  email: emailAddress,
  attendance: z.enum(ATTENDANCE_MODES),
});
export type RegisterInput = z.infer<typeof registerSchema>;

export const updateRegistrationSchema = z.strictObject({ name: personText(100) });

/** Throws unless the event takes registrations of this kind right now. */
export function assertCanRegister(event: LtcEvent, attendance: Attendance): void {
  if (!isEventActive(event.status) || !event.registrationOpen) {
    throw new ConflictError('registration-closed', 'registration for this event is closed');
  }
  if (attendance === 'onsite' && event.format === 'online') {
    throw new RuleViolationError(
      'attendance-not-offered',
      'this event is online only; choose attendance: online',
      'attendance',
    );
  }
  if (attendance === 'online' && event.format === 'onsite') {
    throw new RuleViolationError(
      'attendance-not-offered',
      'this event is onsite only; choose attendance: onsite',
      'attendance',
    );
  }
}

/**
 * Throws unless the registration holds an onsite seat, the only kind an organizer checks in at
 * the door: a waitlisted or cancelled registration has no seat, an online one no door.
 */
export function assertCanCheckIn(registration: Registration): void {
  if (registration.status !== 'confirmed') {
    throw new ConflictError(
      `registration-${registration.status}`,
      `only confirmed registrations can be checked in; this one is ${registration.status}`,
      'registrationId',
    );
  }
  if (registration.attendance !== 'onsite') {
    throw new ConflictError(
      'attendance-online',
      'only onsite registrations can be checked in; this one attends online',
      'registrationId',
    );
  }
}
