// A stand-in for n8n-nodes-base's Manual Trigger, under its type name: n8n-nodes-base
// (hundreds of dependencies, native builds) is not installed here. Like the real one it
// emits one empty item when the workflow is run by hand; pinned data on it replaces
// that item, as in the editor.
import { NodeConnectionTypes, type INodeType, type INodeTypeDescription, type ITriggerFunctions, type ITriggerResponse } from 'n8n-workflow';

export const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';

export class ManualTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Manual Trigger',
    name: 'manualTrigger',
    group: ['trigger'],
    version: 1,
    description: 'Runs the flow on clicking a button in n8n',
    defaults: { name: 'Manual Trigger' },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    properties: [],
  };

  async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
    return { manualTriggerFunction: async () => this.emit([this.helpers.returnJsonArray([{}])]) };
  }
}
