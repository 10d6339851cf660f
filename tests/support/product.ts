import {
  startLocalProduct,
  type DemoOrganizer,
  type LocalProduct,
  type LocalProductOptions,
} from '@ltc/local';

/** The product as `npm start` runs it, in this process, on a free port, with data in memory. */
export interface TestProduct {
  readonly baseUrl: string;
  readonly demoOrganizer: DemoOrganizer;
  readonly product: LocalProduct;
  stop(): Promise<void>;
}

export async function startProduct(
  options: Pick<LocalProductOptions, 'cognito'> = {},
): Promise<TestProduct> {
  const product = await startLocalProduct({ port: 0, logLevel: 'SILENT', ...options });
  return {
    baseUrl: product.url,
    demoOrganizer: product.demoOrganizer,
    product,
    stop: () => product.stop(),
  };
}
