/**
 * What people do that the operators count, one name per kind: the API and realtime handlers
 * report each as a metric of the same name.
 */
export const ACTIVITIES = [
  'RegistrationsConfirmed',
  'RegistrationsWaitlisted',
  'WaitlistPromotions',
  'TalksSubmitted',
  'Votes',
] as const;

/** The CloudWatch namespace of the activity metrics. */
export const ACTIVITY_METRICS_NAMESPACE = 'LightningTalkCircle';

export type Activity = (typeof ACTIVITIES)[number];

/** Where the data layer reports what happened, once each write has succeeded. */
export interface ActivityRecorder {
  record(activity: Activity, count?: number): void;
}

/** A recorder that keeps nothing, for runtimes without metrics. */
export const IGNORE_ACTIVITY: ActivityRecorder = {
  record() {
    // Nothing to keep.
  },
};
