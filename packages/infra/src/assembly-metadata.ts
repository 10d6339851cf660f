/**
 * Keys of the metadata the CDK app writes into the cloud assembly for the deploy tool, which
 * reads them without loading aws-cdk-lib; both sides import them from here.
 */

/** The account a stage's stack is meant for, checked against the credentials before a deploy. */
export const TARGET_ACCOUNT_METADATA = 'ltc:target-account';

/**
 * The weekly window in which scheduled scaling raises a stack's function's provisioned
 * concurrency: `{ weekday, startHourUtc, endHourUtc }`, as the stage config writes it.
 */
export const EVENT_EVENING_METADATA = 'ltc:event-evening';
