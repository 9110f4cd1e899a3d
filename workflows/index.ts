// The workflows the worker registers. Keep this the only entry point of the workflow bundle.
export { conferenceWorkflow } from './conference/workflow';
export { responsibilityWorkflow } from './responsibility/workflow';
export { planDraftWorkflow } from './draft/workflow';
export { refusalLogWorkflow } from './refusal-log';
export { archiveWorkflow } from './archive';
