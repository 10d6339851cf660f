import { z } from 'zod';

import type { AssemblyStack } from './assembly.js';
import { DeployError } from './errors.js';

export { EVENT_EVENING_METADATA } from '@ltc/infra/assembly-metadata';

/** How long before the window deploys stop, so a canary started earlier has finished. */
export const FREEZE_LEAD_MINUTES = 30;

const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

/** The window as the CDK app records it; UTC hours of one weekday. */
export const eventEveningSchema = z.object({
  weekday: z.enum(WEEKDAYS),
  startHourUtc: z.number().int().min(0).max(23),
  endHourUtc: z.number().int().min(0).max(23),
});

export type EventEvening = z.infer<typeof eventEveningSchema>;

/** Whether `now` falls in the window, or in the lead time before it. */
export function isInEventEvening(evening: EventEvening, now: Date): boolean {
  if (WEEKDAYS[now.getUTCDay()] !== evening.weekday) return false;
  const minute = now.getUTCHours() * 60 + now.getUTCMinutes();
  return (
    minute >= evening.startHourUtc * 60 - FREEZE_LEAD_MINUTES && minute < evening.endHourUtc * 60
  );
}

/**
 * Refuses to deploy a stack whose function scales up for the event evening while that evening
 * is on. Lambda cannot change provisioned concurrency while a canary splits an alias between two
 * versions, so a deploy in the window would make the scheduled scaling fail, and a deploy also
 * resets the warm environments to the baseline the template declares.
 */
export function assertOutsideEventEvening(
  stacks: readonly AssemblyStack[],
  now: Date,
  allowed: boolean,
): void {
  if (allowed) return;
  for (const stack of stacks) {
    if (stack.eventEvening !== undefined && isInEventEvening(stack.eventEvening, now)) {
      const { weekday, startHourUtc, endHourUtc } = stack.eventEvening;
      throw new DeployError(
        `Refused: ${stack.name} is scaled up for the event evening (${weekday} ${String(startHourUtc)}:00–${String(endHourUtc)}:00 UTC, deploys stop ${String(FREEZE_LEAD_MINUTES)} minutes before). Deploy after it, or pass --during-event-evening for an urgent fix.`,
        3,
      );
    }
  }
}
