import { CreateFunctionCommand, InvokeCommand, ListFunctionsCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { remoteCaller } from './errors.js';

/** Lambda functions as rule targets: existence (drift), creation (sandbox), async re-delivery (redrive). */
export interface LambdaPort {
  /** Function ARNs by name (paged). */
  listFunctions(): Promise<Map<string, string>>;
  /** Sandbox only: a function whose code does nothing (an emulator never runs it). */
  createFunction(name: string, roleArn: string): Promise<string>;
  /** InvocationType Event: the same asynchronous path EventBridge uses. */
  invokeAsync(functionName: string, payload: string): Promise<void>;
}

/** The smallest valid zip: an empty archive (end-of-central-directory record only). */
const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);

export function createLambdaPort(client: LambdaClient, endpoint?: string): LambdaPort {
  const call = remoteCaller('lambda', endpoint);
  return {
    listFunctions: () =>
      call('ListFunctions', 'functions', async () => {
        const functions = new Map<string, string>();
        let marker: string | undefined;
        do {
          const out = await client.send(new ListFunctionsCommand({ Marker: marker, MaxItems: 50 }));
          for (const f of out.Functions ?? []) if (f.FunctionName && f.FunctionArn) functions.set(f.FunctionName, f.FunctionArn);
          marker = out.NextMarker;
        } while (marker);
        return functions;
      }),

    createFunction: (name, roleArn) =>
      call('CreateFunction', `function ${name}`, async () => {
        const out = await client.send(
          new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: roleArn, Code: { ZipFile: EMPTY_ZIP } }),
        );
        return out.FunctionArn ?? '';
      }),

    invokeAsync: (functionName, payload) =>
      call('Invoke', `function ${functionName}`, async () => {
        const out = await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(payload) }));
        if (out.FunctionError) throw Object.assign(new Error(`function ${functionName}: ${out.FunctionError}`), { name: 'FunctionError' });
      }),
  };
}
