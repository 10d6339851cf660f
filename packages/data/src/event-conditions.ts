import { keys } from './keys.js';
import type { TransactItem } from './transactions.js';

/** The condition that an event is upcoming or ongoing, with its names and values. */
export const EVENT_IS_ACTIVE = {
  expression: '#status IN (:upcoming, :ongoing)',
  names: { '#status': 'status' },
  values: { ':upcoming': 'upcoming', ':ongoing': 'ongoing' },
} as const;

/**
 * A transaction item that holds only while the event is upcoming or ongoing, so a change to
 * one of its registrations or talks cannot land after the event was completed or cancelled.
 */
export function eventStillActive(tableName: string, eventId: string): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: { pk: keys.eventPk(eventId), sk: keys.eventSk },
      ConditionExpression: EVENT_IS_ACTIVE.expression,
      ExpressionAttributeNames: { ...EVENT_IS_ACTIVE.names },
      ExpressionAttributeValues: { ...EVENT_IS_ACTIVE.values },
    },
  };
}
