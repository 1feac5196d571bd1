import { CreateStateMachineCommand, ListStateMachinesCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { remoteCaller } from './errors.js';

export interface LiveStateMachine {
  arn: string;
  /** STANDARD or EXPRESS; undefined when the service did not say. */
  type?: string;
}

/** Step Functions state machines as rule targets. */
export interface StepFunctionsPort {
  listStateMachines(): Promise<Map<string, LiveStateMachine>>;
  /** Sandbox only: a one-state Pass machine. */
  createStateMachine(name: string, type: 'STANDARD' | 'EXPRESS', roleArn: string): Promise<string>;
  /**
   * Starts an execution under a chosen name. Standard machines refuse a second execution of the
   * same name (with other input) for 90 days and return the existing one for identical input,
   * which is what makes a re-run of a redrive idempotent: `alreadyExisted` says so when the
   * service refused (other input); identical input just returns the existing execution.
   */
  startExecution(stateMachineArn: string, name: string, input: string): Promise<{ executionArn: string; alreadyExisted: boolean }>;
}

const PASS_DEFINITION = JSON.stringify({ StartAt: 'Start', States: { Start: { Type: 'Pass', End: true } } });

export function createStepFunctionsPort(client: SFNClient, endpoint?: string): StepFunctionsPort {
  const call = remoteCaller('states', endpoint);
  return {
    listStateMachines: () =>
      call('ListStateMachines', 'state machines', async () => {
        const machines = new Map<string, LiveStateMachine>();
        let token: string | undefined;
        do {
          const out = await client.send(new ListStateMachinesCommand({ nextToken: token, maxResults: 1000 }));
          for (const m of out.stateMachines ?? []) if (m.name && m.stateMachineArn) machines.set(m.name, { arn: m.stateMachineArn, type: m.type });
          token = out.nextToken;
        } while (token);
        return machines;
      }),

    createStateMachine: (name, type, roleArn) =>
      call('CreateStateMachine', `state machine ${name}`, async () => {
        const out = await client.send(new CreateStateMachineCommand({ name, type, roleArn, definition: PASS_DEFINITION }));
        return out.stateMachineArn ?? '';
      }),

    startExecution: (stateMachineArn, name, input) =>
      call('StartExecution', `state machine ${stateMachineArn.split(':').pop()}`, async () => {
        try {
          const out = await client.send(new StartExecutionCommand({ stateMachineArn, name, input }));
          return { executionArn: out.executionArn ?? '', alreadyExisted: false };
        } catch (error) {
          // Same name, other input: this event was already started (by an earlier run or delivery).
          if ((error as { name?: string }).name !== 'ExecutionAlreadyExists') throw error;
          return { executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`, alreadyExisted: true };
        }
      }),
  };
}
