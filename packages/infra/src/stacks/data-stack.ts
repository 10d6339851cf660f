import { TABLE_DECLARATION, tableNameFor } from '@ltc/data/table';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

import type { StageName } from '../config/schema.js';
import { publishParameter, readParameter } from '../constructs/stage-parameters.js';
import { StageStack, type StageStackProps } from './stage-stack.js';

export const DATA_PARAMETERS = {
  tableName: 'data/table-name',
} as const;

/** The construct id of the table; its logical id must never change (a test pins it). */
export const TABLE_ID = 'MainTable';

/**
 * The stage's DynamoDB table, built from the same declaration the local runtime uses, with
 * point-in-time recovery, encryption, and deletion protection where the stage asks for it.
 */
export class DataStack extends StageStack {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, props: Omit<StageStackProps, 'description'>) {
    super(scope, 'data', { ...props, description: 'DynamoDB table' });

    const { partitionKey, sortKey, globalSecondaryIndexes, timeToLiveAttribute } =
      TABLE_DECLARATION;
    const attribute = (key: { name: string; type: 'S' }): dynamodb.Attribute => ({
      name: key.name,
      type: dynamodb.AttributeType.STRING,
    });

    this.table = new dynamodb.Table(this, TABLE_ID, {
      tableName: tableNameFor(this.config.stage),
      partitionKey: attribute(partitionKey),
      sortKey: attribute(sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: this.config.deletionProtection,
      timeToLiveAttribute,
      removalPolicy: this.statefulRemovalPolicy,
    });
    for (const index of globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    publishParameter(
      this,
      this.config.stage,
      DATA_PARAMETERS.tableName,
      this.table.tableName,
      'Name of the main DynamoDB table',
    );
  }
}

/** The stage's table in another stack, found by the name the data stack publishes in SSM. */
export function stageTable(scope: Construct, stage: StageName): dynamodb.ITable {
  return dynamodb.Table.fromTableAttributes(scope, 'Table', {
    tableName: readParameter(scope, stage, DATA_PARAMETERS.tableName),
  });
}

/**
 * Lets a function read and write the table's items and query its declared indexes, by name:
 * `grantReadWriteData` on a table known only by name would allow every index (`index/*`).
 */
export function grantTableAccess(table: dynamodb.ITable, grantee: iam.IGrantable): void {
  table.grantReadWriteData(grantee);
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['dynamodb:Query'],
    resourceArns: TABLE_DECLARATION.globalSecondaryIndexes.map(
      (index) => `${table.tableArn}/index/${index.indexName}`,
    ),
  });
}
